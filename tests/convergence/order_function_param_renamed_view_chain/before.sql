-- order_function_param_renamed_view_chain: a function parameter is renamed (CREATE OR
-- REPLACE refuses that too) while a chain of two views uses it: both views are dropped,
-- the function dropped and created, the views created again in order.
CREATE TABLE temps (id integer PRIMARY KEY, celsius numeric NOT NULL);
INSERT INTO temps VALUES (1, 20), (2, -5);
CREATE FUNCTION to_f(c numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c * 9 / 5 + 32 $$;
CREATE VIEW temps_f AS SELECT id, to_f(celsius) AS fahrenheit FROM temps;
CREATE VIEW warm AS SELECT id FROM temps_f WHERE fahrenheit > 50;
