-- order_function_return_type_with_view: a function's return type changes (integer to
-- numeric) while a view calls it. CREATE OR REPLACE FUNCTION refuses a new return type:
-- the view is dropped, the function dropped and created, the view created again.
CREATE TABLE lines (id integer PRIMARY KEY, qty integer NOT NULL, cents integer NOT NULL);
INSERT INTO lines VALUES (1, 2, 150), (2, 1, 99);
CREATE FUNCTION line_total(q integer, c integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT q * c $$;
CREATE VIEW line_totals AS SELECT id, line_total(qty, cents) AS total FROM lines;
