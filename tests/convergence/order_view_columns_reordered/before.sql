-- order_view_columns_reordered: the target reorders and renames a view's columns, and
-- another view reads it. CREATE OR REPLACE VIEW cannot do that: the view is dropped
-- and created again, with the view that depends on it dropped first and re-created
-- after.
CREATE TABLE people (id integer PRIMARY KEY, first text NOT NULL, last text NOT NULL);
INSERT INTO people VALUES (1, 'ada', 'lovelace'), (2, 'alan', 'turing');
CREATE VIEW names AS SELECT id, first, last FROM people;
CREATE VIEW name_count AS SELECT count(*) AS n FROM names;
