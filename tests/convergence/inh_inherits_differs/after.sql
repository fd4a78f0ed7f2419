CREATE TABLE base (
    id integer NOT NULL,
    created date
);
CREATE TABLE extra (
    id integer NOT NULL,
    note text,
    tag text
);
CREATE TABLE child () INHERITS (extra);
CREATE TABLE other (
    id integer NOT NULL,
    note text,
    created date,
    size integer
);
