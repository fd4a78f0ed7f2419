CREATE TABLE orders (
    id integer PRIMARY KEY,
    amount_cents integer NOT NULL,
    currency char(3) NOT NULL
);
