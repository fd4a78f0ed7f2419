CREATE TABLE documents (
    id integer PRIMARY KEY,
    slug text NOT NULL,
    body jsonb NOT NULL DEFAULT '{}',
    meta jsonb,
    tags text[],
    created_at timestamptz NOT NULL DEFAULT '2024-01-01',
    valid_during tstzrange
);
CREATE INDEX documents_slug_idx ON documents USING hash (slug);
CREATE INDEX documents_body_idx ON documents USING gin (body);
CREATE INDEX documents_meta_idx ON documents USING gin (meta jsonb_path_ops);
CREATE INDEX documents_tags_idx ON documents USING gin (tags);
CREATE INDEX documents_created_brin ON documents USING brin (created_at);
CREATE INDEX documents_valid_idx ON documents USING gist (valid_during);
