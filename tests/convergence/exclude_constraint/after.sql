CREATE TABLE reservations (
    id integer PRIMARY KEY,
    room integer NOT NULL,
    during tstzrange NOT NULL,
    CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&)
);
