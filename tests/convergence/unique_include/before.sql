-- unique_include: UNIQUE constraints with INCLUDE columns (a covering unique key),
-- one new, and one existing constraint that gains an INCLUDE column under the same
-- name.
CREATE TABLE prices (
    id integer PRIMARY KEY,
    sku text NOT NULL,
    region text NOT NULL,
    amount numeric(10, 2) NOT NULL,
    currency char(3) NOT NULL,
    CONSTRAINT prices_sku_region_key UNIQUE (sku, region)
);
INSERT INTO prices VALUES (1, 'a', 'eu', 1.00, 'EUR'), (2, 'a', 'us', 1.10, 'USD'),
                          (3, 'b', 'eu', 2.00, 'EUR');
