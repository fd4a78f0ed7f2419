-- rename_table: a declared table rename (clients -> customers). The table has a serial
-- key, an index and a CHECK named after the old table, and another table references
-- it; after the rename its keys and indexes follow the new name (DR311/DR312).
CREATE TABLE clients (
    id serial PRIMARY KEY,
    name text NOT NULL,
    vat text,
    CONSTRAINT clients_name_check CHECK (name <> '')
);
CREATE INDEX clients_name_idx ON clients (name);
CREATE TABLE orders (
    id integer PRIMARY KEY,
    client_id integer NOT NULL,
    CONSTRAINT orders_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients (id)
);
INSERT INTO clients (name, vat) VALUES ('acme', 'NL1'), ('globex', NULL), ('initech', 'DE2');
INSERT INTO orders VALUES (1, 1), (2, 1), (3, 3);
