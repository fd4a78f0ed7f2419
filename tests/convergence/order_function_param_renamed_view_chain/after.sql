CREATE TABLE temps (id integer PRIMARY KEY, celsius numeric NOT NULL);
CREATE FUNCTION to_f(celsius numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT celsius * 9 / 5 + 32 $$;
CREATE VIEW temps_f AS SELECT id, to_f(celsius) AS fahrenheit FROM temps;
CREATE VIEW warm AS SELECT id FROM temps_f WHERE fahrenheit > 50;
