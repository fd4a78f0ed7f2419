-- cast_serial_default_added: a plain integer key becomes serial. drift reads a serial
-- default as the placeholder nextval(<owned sequence>), which must never reach SQL:
-- the plan creates the sequence owned by the column, starts it after the largest id,
-- and sets the default to it.
CREATE TABLE widgets (id integer NOT NULL PRIMARY KEY, name text);
INSERT INTO widgets VALUES (1, 'a'), (7, 'b');
