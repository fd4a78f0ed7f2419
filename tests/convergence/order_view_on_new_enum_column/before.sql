-- order_view_on_new_enum_column: a new enum, a new column of it, and a view that filters
-- on it: type, column, view.
CREATE TABLE tickets (id integer PRIMARY KEY, title text NOT NULL);
INSERT INTO tickets VALUES (1, 'a'), (2, 'b');
