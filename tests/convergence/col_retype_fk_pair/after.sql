CREATE TABLE customers (id bigint PRIMARY KEY, name text);
CREATE TABLE invoices (
    id integer PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    total bigint
);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
