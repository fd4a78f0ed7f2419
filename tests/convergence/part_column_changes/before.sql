-- part_column_changes: the usual column and constraint fixes, on a partitioned table:
-- planned once on the parent (PostgreSQL takes each to every partition), never on a
-- partition: a column made NOT NULL, one retyped, one added, one dropped (approved),
-- a CHECK and a foreign key added.
CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE invoices (
    id integer NOT NULL,
    year integer NOT NULL,
    customer integer,
    amount integer,
    memo text,
    old_code numeric
) PARTITION BY RANGE (year);
CREATE TABLE invoices_2024 PARTITION OF invoices FOR VALUES FROM (2024) TO (2025);
CREATE TABLE invoices_2025 PARTITION OF invoices FOR VALUES FROM (2025) TO (2026);
INSERT INTO customers VALUES (1), (2);
INSERT INTO invoices VALUES (1, 2024, 1, 10, 'a', 7), (2, 2025, 2, 20, 'b', NULL);
