CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE invoices (
    id integer NOT NULL,
    year integer NOT NULL,
    customer integer NOT NULL REFERENCES customers (id),
    amount bigint CHECK (amount >= 0),
    memo text,
    currency text NOT NULL DEFAULT 'EUR'
) PARTITION BY RANGE (year);
CREATE TABLE invoices_2024 PARTITION OF invoices FOR VALUES FROM (2024) TO (2025);
CREATE TABLE invoices_2025 PARTITION OF invoices FOR VALUES FROM (2025) TO (2026);
