CREATE TABLE lines (id integer PRIMARY KEY, qty integer NOT NULL, cents integer NOT NULL);
CREATE FUNCTION line_total(q integer, c integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT q * c / 100.0 $$;
CREATE VIEW line_totals AS SELECT id, line_total(qty, cents) AS total FROM lines;
