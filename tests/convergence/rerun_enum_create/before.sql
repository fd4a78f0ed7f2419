-- rerun_enum_create: the target adds an enum and a column of it. CREATE TYPE has no IF
-- NOT EXISTS: the second run of the plan must skip it, not fail.
CREATE TABLE tickets (id integer PRIMARY KEY, title text NOT NULL);
INSERT INTO tickets VALUES (1, 'a'), (2, 'b');
