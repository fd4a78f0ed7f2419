-- missing_tables_fk_order, target: two new tables, one referencing the other.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id)
);
CREATE TABLE invoice_lines (
    id integer PRIMARY KEY,
    invoice_id integer NOT NULL REFERENCES invoices (id),
    amount numeric(10, 2) NOT NULL
);
