CREATE TABLE paths (
    id integer PRIMARY KEY,
    path text NOT NULL,
    code varchar(20),
    host text
);
CREATE INDEX paths_path_idx ON paths (path text_pattern_ops);
CREATE INDEX paths_code_idx ON paths (code varchar_pattern_ops, id DESC);
CREATE INDEX paths_host_idx ON paths (lower(host) text_pattern_ops);
