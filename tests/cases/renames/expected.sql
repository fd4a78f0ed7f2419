-- renames, target: the new names (see drift.toml for the declared renames).
CREATE TABLE customers (
    id serial PRIMARY KEY,
    name text NOT NULL,
    email text,
    tax_no text
);
CREATE INDEX customers_name_idx ON customers (name);

CREATE TABLE invoices (
    id integer PRIMARY KEY,
    client_id integer NOT NULL,
    amount numeric(10, 2),
    CONSTRAINT invoices_client_id_fkey FOREIGN KEY (client_id) REFERENCES customers (id),
    CONSTRAINT invoices_amount_check CHECK (amount > 0)
);
CREATE INDEX invoices_client_id_idx ON invoices (client_id);
