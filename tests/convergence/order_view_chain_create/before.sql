-- order_view_chain_create: three new views, each reading the next one by name order
-- (a_report <- b_monthly <- c_clean): created in dependency order, not name order.
CREATE TABLE sales (id integer PRIMARY KEY, amount integer NOT NULL, sold_on date NOT NULL);
INSERT INTO sales VALUES (1, 5, '2024-01-02'), (2, 7, '2024-02-03');
