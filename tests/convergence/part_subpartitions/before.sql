-- part_subpartitions: a missing partition that is itself partitioned (by list) is
-- created with its own partitions; an existing sub-partitioned partition lacks one
-- of its partitions. The parent's index reaches every new partition.
CREATE TABLE sales (
    id integer NOT NULL,
    sold date NOT NULL,
    shop text NOT NULL,
    amount numeric
) PARTITION BY RANGE (sold);
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    PARTITION BY LIST (shop);
CREATE TABLE sales_2024_web PARTITION OF sales_2024 FOR VALUES IN ('web');
CREATE INDEX sales_shop_idx ON sales (shop);
INSERT INTO sales VALUES (1, '2024-05-01', 'web', 9.5), (2, '2024-06-01', 'web', 1);
