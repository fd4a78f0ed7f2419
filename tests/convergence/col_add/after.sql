-- col_add, target: a nullable column, NOT NULL with a constant default, a default
-- expression, a nullable column with a default, and an array column.
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text NOT NULL,
    nickname text,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    score numeric(6, 2) DEFAULT 0,
    tags text[] NOT NULL DEFAULT '{}'
);
