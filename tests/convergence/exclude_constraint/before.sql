-- exclude_constraint: a new EXCLUDE constraint (GiST, no extension needed: ranges
-- overlap with &&); the existing rows do not overlap.
CREATE TABLE reservations (
    id integer PRIMARY KEY,
    room integer NOT NULL,
    during tstzrange NOT NULL
);
INSERT INTO reservations VALUES (1, 1, '[2024-01-01,2024-01-03)'),
                                (2, 1, '[2024-01-03,2024-01-05)'),
                                (3, 2, '[2024-01-05,2024-01-09)');
