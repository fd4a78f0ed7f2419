-- col_identity_generated_serial: new columns that fill every existing row themselves:
-- an identity column (ALWAYS), a STORED generated column, a serial and a bigserial.
-- Their values are computed by PostgreSQL, so no backfill is declared.
CREATE TABLE line_items (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric(10, 2) NOT NULL
);
INSERT INTO line_items VALUES (1, 2, 5.00), (2, 1, 19.99), (3, 10, 0.10);
