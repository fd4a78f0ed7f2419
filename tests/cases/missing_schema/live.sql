-- missing_schema, live side: no reporting schema at all.
-- Planted: 2 orders. Expected findings: DR101 reporting.daily_totals.
CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2));
INSERT INTO orders VALUES (1, 10), (2, 20);
