-- order_view_and_table_drop: an approved table drop, and an unwanted view that reads
-- the table: the view goes first (DROP TABLE without CASCADE refuses otherwise).
CREATE TABLE keep (id integer PRIMARY KEY);
CREATE TABLE a_old (id integer PRIMARY KEY, v text);
INSERT INTO keep VALUES (1);
INSERT INTO a_old VALUES (1, 'x');
CREATE VIEW z_old_view AS SELECT id, v FROM a_old;
