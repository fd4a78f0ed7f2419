CREATE TABLE prices (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    region text NOT NULL,
    amount numeric(10, 2) NOT NULL,
    currency char(3) NOT NULL,
    CONSTRAINT prices_sku_region_key UNIQUE (sku, region) INCLUDE (amount),
    CONSTRAINT prices_id_sku_key UNIQUE (id, sku) INCLUDE (currency)
);
