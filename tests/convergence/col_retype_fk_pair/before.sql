-- col_retype_fk_pair: integer -> bigint on a primary key and on the foreign key that
-- references it, both in one plan; the FK must survive both rewrites.
CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE TABLE invoices (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    total integer
);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
INSERT INTO customers VALUES (1, 'acme'), (2, 'globex');
INSERT INTO invoices VALUES (10, 1, 100), (11, 1, 250), (12, 2, NULL);
