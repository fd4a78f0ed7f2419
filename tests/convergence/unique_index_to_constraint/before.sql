-- unique_index_to_constraint: a unique index promoted to a UNIQUE constraint of the
-- same name and columns (what Django and Alembic users meet when a model moves from
-- Index(unique=True) to UniqueConstraint). The data already satisfies it.
CREATE TABLE handles (
    id integer PRIMARY KEY,
    handle text NOT NULL
);
CREATE UNIQUE INDEX handles_handle_key ON handles (handle);
INSERT INTO handles VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');
