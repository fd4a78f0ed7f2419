-- col_add_not_null_backfill: a NOT NULL column with no default on a table with rows.
-- drift adds it nullable, runs the declared backfill, then tightens it through a
-- validated CHECK; without the backfill the guard would abort (every row is NULL).
CREATE TABLE orders (
    id integer PRIMARY KEY,
    amount_cents integer NOT NULL
);
INSERT INTO orders VALUES (1, 1250), (2, 99), (3, 100000);
