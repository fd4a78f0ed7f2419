-- order_table_becomes_view: a table is replaced by a view of the same name over its
-- successor (drop approved). Both are relations in one namespace: the table goes
-- before the view is created.
CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL);
CREATE TABLE active_people (id integer PRIMARY KEY, name text);
INSERT INTO people VALUES (1, 'a', true), (2, 'b', false);
INSERT INTO active_people VALUES (1, 'a');
