-- part_default_partition: a list-partitioned table gets its DEFAULT partition, and a
-- new list partition beside it; rows of the existing partitions stay where they are.
CREATE TABLE orders (
    id integer NOT NULL,
    region text NOT NULL,
    total numeric,
    PRIMARY KEY (id, region)
) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us', 'ca');
INSERT INTO orders VALUES (1, 'eu', 10), (2, 'us', 20), (3, 'ca', 30);
