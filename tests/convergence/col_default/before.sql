-- col_default: defaults set, changed, dropped, and an expression default; a column
-- that keeps its default is left alone.
CREATE TABLE tickets (
    id integer PRIMARY KEY,
    status text,
    priority integer DEFAULT 1,
    source text DEFAULT 'web',
    opened_on date,
    code text DEFAULT 'T',
    kept integer DEFAULT 7
);
INSERT INTO tickets (id, status) VALUES (1, 'open'), (2, NULL), (3, 'closed');
