-- unique_constraints: a new single-column and a new multi-column UNIQUE, a new UNIQUE
-- NULLS NOT DISTINCT, and a legacy UNIQUE that must go (its pair repeats now and
-- then: 'b' twice). resolve.sql has nothing to do: no new key has duplicates.
CREATE TABLE seats (
    id integer PRIMARY KEY,
    venue text NOT NULL,
    row_no integer NOT NULL,
    seat_no integer NOT NULL,
    barcode text,
    label text,
    CONSTRAINT seats_label_key UNIQUE (label)
);
INSERT INTO seats VALUES (1, 'hall', 1, 1, 'b1', 'A1'), (2, 'hall', 1, 2, NULL, 'A2'),
                         (3, 'club', 1, 1, NULL, NULL), (4, 'club', 2, 1, 'b4', 'B1');
