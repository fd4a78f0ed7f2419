CREATE TABLE customers (
    id serial PRIMARY KEY,
    name text NOT NULL,
    vat text,
    CONSTRAINT customers_name_check CHECK (name <> '')
);
CREATE INDEX customers_name_idx ON customers (name);
CREATE TABLE orders (
    id integer PRIMARY KEY,
    client_id integer NOT NULL,
    CONSTRAINT orders_client_id_fkey FOREIGN KEY (client_id) REFERENCES customers (id)
);
