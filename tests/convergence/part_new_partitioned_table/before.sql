-- part_new_partitioned_table: a whole partitioned table is new: created PARTITION BY
-- with its key, its partitions (one sub-partitioned), its index (built on the empty
-- table, which reaches every partition) and a foreign key to an existing table.
CREATE TABLE devices (
    id integer PRIMARY KEY,
    name text
);
INSERT INTO devices VALUES (1, 'a'), (2, 'b');
