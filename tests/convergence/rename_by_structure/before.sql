-- rename_by_structure: constraints and indexes that differ from the target only by
-- name, with no drift.toml: a primary key, a UNIQUE, a CHECK, a foreign key, a plain, a
-- partial and an expression index. drift matches them by structure and renames them
-- (DR311/DR312), rebuilding nothing.
CREATE TABLE accounts (
    id integer CONSTRAINT accounts_pk PRIMARY KEY,
    login text NOT NULL CONSTRAINT uq_login UNIQUE,
    balance integer NOT NULL CONSTRAINT ck_balance CHECK (balance >= 0),
    parent_id integer CONSTRAINT fk_parent REFERENCES accounts (id),
    closed_at timestamptz
);
CREATE INDEX ix_1 ON accounts (parent_id);
CREATE INDEX ix_2 ON accounts (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ix_3 ON accounts (lower(login));
INSERT INTO accounts VALUES (1, 'root', 0, NULL, NULL), (2, 'ann', 5, 1, NULL),
                            (3, 'bob', 7, 1, '2024-01-01');
