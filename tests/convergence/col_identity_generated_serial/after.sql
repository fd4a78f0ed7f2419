CREATE TABLE line_items (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric(10, 2) NOT NULL,
    line_no bigint GENERATED ALWAYS AS IDENTITY,
    total numeric(12, 2) GENERATED ALWAYS AS (qty * unit_price) STORED,
    legacy_seq serial,
    big_seq bigserial
);
