-- cast_serial_default_dropped: a serial key becomes a plain integer: the default goes,
-- and its owned sequence with it.
CREATE TABLE gadgets (id serial PRIMARY KEY, name text);
INSERT INTO gadgets (name) VALUES ('a'), ('b');
