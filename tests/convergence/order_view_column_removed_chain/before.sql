-- order_view_column_removed_chain: a column is removed from a view that two levels of
-- views read (a chain), and the top view changes too: every dependent is dropped
-- before and re-created after, in dependency order, with its target definition.
CREATE TABLE stock (id integer PRIMARY KEY, qty integer NOT NULL, note text);
INSERT INTO stock VALUES (1, 3, 'a'), (2, 0, NULL);
CREATE VIEW s1 AS SELECT id, qty, note FROM stock;
CREATE VIEW s2 AS SELECT id, qty FROM s1 WHERE qty > 0;
CREATE VIEW s3 AS SELECT count(*) AS n FROM s2;
