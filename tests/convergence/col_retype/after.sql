CREATE TABLE products (
    id integer PRIMARY KEY,
    sku varchar(50) NOT NULL,
    stock bigint NOT NULL DEFAULT 0,
    price numeric(12, 2),
    rank integer,
    label text,
    updated_at timestamptz
);
CREATE INDEX products_sku_idx ON products (sku);
