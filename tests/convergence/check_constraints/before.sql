-- check_constraints: a new single-column CHECK, a new multi-column CHECK, a CHECK whose
-- expression changes under the same name, a legacy CHECK that must go, and a CHECK that
-- only changes name (DR311: renamed, not rebuilt). resolve.sql fixes the one row the
-- new range CHECK would reject.
CREATE TABLE bookings (
    id integer PRIMARY KEY,
    nights integer NOT NULL,
    guests integer NOT NULL,
    starts date NOT NULL,
    ends date NOT NULL,
    status text NOT NULL,
    CONSTRAINT bookings_guests_check CHECK (guests > 0),
    CONSTRAINT bookings_legacy_check CHECK (nights < 100),
    CONSTRAINT bookings_status_ck CHECK (status IN ('new', 'paid', 'void'))
);
INSERT INTO bookings VALUES (1, 2, 2, '2024-01-01', '2024-01-03', 'new'),
                            (2, 1, 9, '2024-02-01', '2024-02-02', 'paid'),
                            (3, 0, 1, '2024-03-05', '2024-03-05', 'void');
