-- new_table_full: new tables with every column form (identity ALWAYS and BY DEFAULT,
-- serial, bigserial, STORED generated, defaults, NOT NULL), their keys, CHECKs,
-- indexes, and foreign keys to an existing table and to each other (the child's
-- name sorts before its parent's, so creation order matters).
CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO authors VALUES (1, 'le guin'), (2, 'lem');
