CREATE TABLE seats (
    id integer PRIMARY KEY,
    venue text NOT NULL,
    row_no integer NOT NULL,
    seat_no integer NOT NULL,
    barcode text,
    label text,
    CONSTRAINT seats_place_key UNIQUE (venue, row_no, seat_no),
    CONSTRAINT seats_barcode_key UNIQUE (barcode),
    CONSTRAINT seats_venue_label_key UNIQUE NULLS NOT DISTINCT (venue, label)
);
