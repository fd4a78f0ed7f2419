-- missing_table_serial, target: serial columns in a new table and a new column.
CREATE TABLE events (id integer PRIMARY KEY, name text, seq bigserial);
CREATE TABLE tickets (id serial PRIMARY KEY, note text);
