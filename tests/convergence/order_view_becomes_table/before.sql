-- order_view_becomes_table: a view is replaced by a real table of the same name, with
-- a key, an index and a foreign key. The view is dropped first; the table, its index
-- and its FK follow it (moved to the phase of the drop).
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
CREATE VIEW customer_notes AS SELECT id AS customer_id, name AS note FROM customers;
