-- index_hash_gin_brin: other access methods: hash on text, GIN on jsonb (default and
-- jsonb_path_ops), GIN on an array, BRIN on a timestamp, GiST on a range; an existing
-- btree index that becomes hash under the same name.
CREATE TABLE documents (
    id integer PRIMARY KEY,
    slug text NOT NULL,
    body jsonb NOT NULL DEFAULT '{}',
    meta jsonb,
    tags text[],
    created_at timestamptz NOT NULL DEFAULT '2024-01-01',
    valid_during tstzrange
);
CREATE INDEX documents_slug_idx ON documents (slug);
INSERT INTO documents (id, slug, body, meta, tags, valid_during)
VALUES (1, 'a', '{"k": 1}', NULL, '{x,y}', '[2024-01-01,2024-02-01)'),
       (2, 'b', '{}', '{"m": [1, 2]}', NULL, NULL),
       (3, 'c', '{"k": 2}', '{}', '{}', '[2024-03-01,)');
