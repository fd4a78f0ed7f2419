-- index_opclass: non-default operator classes: text_pattern_ops, varchar_pattern_ops,
-- an opclass on an expression key, and an existing index that gains an opclass under
-- the same name.
CREATE TABLE paths (
    id integer PRIMARY KEY,
    path text NOT NULL,
    code varchar(20),
    host text
);
CREATE INDEX paths_path_idx ON paths (path);
INSERT INTO paths VALUES (1, '/a/b', 'X1', 'Example.com'), (2, '/a/c', NULL, NULL),
                         (3, '/z', 'Y2', 'example.org');
