-- missing_table_serial, live side: events without its bigserial column, and no
-- tickets table. Planted: 3 events.
-- Expected findings: DR102 events.seq (bigint, default from its owned sequence),
-- DR101 tickets (id serial). No data blockers: the default fills existing rows.
CREATE TABLE events (id integer PRIMARY KEY, name text);
INSERT INTO events VALUES (1, 'a'), (2, 'b'), (3, 'c');
