-- rename_in_expressions, target.
CREATE TABLE t (
    id integer PRIMARY KEY,
    email text,
    handle text,
    CONSTRAINT t_handle_check CHECK (handle <> '')
);
CREATE UNIQUE INDEX t_email_lower_key ON t (lower(email));
CREATE INDEX t_handle_partial_idx ON t (id) WHERE handle IS NOT NULL;
