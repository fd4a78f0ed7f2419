-- constraint_to_unique_index: the reverse move: a UNIQUE constraint becomes a plain
-- unique index of the same name and columns (e.g. to add a predicate later).
CREATE TABLE slugs (
    id integer PRIMARY KEY,
    slug text NOT NULL,
    CONSTRAINT slugs_slug_key UNIQUE (slug)
);
INSERT INTO slugs VALUES (1, 'a'), (2, 'b'), (3, 'c');
