-- col_retype: widening type changes that keep every value: varchar(20) -> varchar(50),
-- integer -> bigint, numeric(8,2) -> numeric(12,2), smallint -> integer,
-- varchar(10) -> text, timestamp -> timestamptz; one retyped column has an index,
-- one a default (kept as is).
CREATE TABLE products (
    id integer PRIMARY KEY,
    sku varchar(20) NOT NULL,
    stock integer NOT NULL DEFAULT 0,
    price numeric(8, 2),
    rank smallint,
    label varchar(10),
    updated_at timestamp
);
CREATE INDEX products_sku_idx ON products (sku);
INSERT INTO products VALUES (1, 'A-1', 5, 10.50, 1, 'red', '2024-01-01 10:00'),
                            (2, 'B-2', 0, NULL, NULL, NULL, NULL),
                            (3, 'C-3', 2147483647, 999999.99, 32767, 'xxxxxxxxxx', now());
