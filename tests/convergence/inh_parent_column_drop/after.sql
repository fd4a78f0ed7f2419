CREATE TABLE vehicles (
    id integer PRIMARY KEY,
    maker text
);
CREATE TABLE trucks (
    payload integer
) INHERITS (vehicles);
