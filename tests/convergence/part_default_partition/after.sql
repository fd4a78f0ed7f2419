CREATE TABLE orders (
    id integer NOT NULL,
    region text NOT NULL,
    total numeric,
    PRIMARY KEY (id, region)
) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us', 'ca');
CREATE TABLE orders_apac PARTITION OF orders FOR VALUES IN ('jp', 'au');
CREATE TABLE orders_rest PARTITION OF orders DEFAULT;
