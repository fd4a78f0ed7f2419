-- order_function_used_by_view_drop: an unwanted SQL function read by an unwanted view:
-- the view goes before the function it calls.
CREATE TABLE prices (id integer PRIMARY KEY, cents integer NOT NULL);
INSERT INTO prices VALUES (1, 150), (2, 99);
CREATE FUNCTION a_euros(c integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT c / 100.0 $$;
CREATE VIEW z_price_euros AS SELECT id, a_euros(cents) AS euros FROM prices;
