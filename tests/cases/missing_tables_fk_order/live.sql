-- missing_tables_fk_order, live side: customers only. The target adds invoices and
-- invoice_lines, where invoice_lines references invoices; "invoice_lines" sorts
-- before "invoices" ('_' < 's').
-- Planted: 2 customers. Expected findings: DR101 invoice_lines, DR101 invoices.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob');
