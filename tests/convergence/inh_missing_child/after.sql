CREATE TABLE docs (
    id integer PRIMARY KEY,
    title text NOT NULL CHECK (title <> '')
);
CREATE TABLE memos (
    due date,
    CONSTRAINT memos_due_check CHECK (due > '2000-01-01')
) INHERITS (docs);
CREATE INDEX memos_due_idx ON memos (due);
