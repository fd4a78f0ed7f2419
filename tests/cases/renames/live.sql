-- renames, live side: the old names.
--   clients -> customers            declared table rename (drift.toml, priority should)
--   clients.full_name -> name       declared column rename
--   clients.mail -> email           undeclared: one missing and one unexpected text
--                                   column in one table -> DR303 suggestion
--   clients_tax_no_key              legacy unique, declared in [[legacy]] -> DR201 should
--   clients_pkey                    -> customers_pkey: naming drift, at the table
--                                   rename's priority (should)
--   clients_full_name_idx           -> customers_name_idx (same keys once the column
--                                   rename is applied): index naming drift
--   amount_positive                 -> invoices_amount_check: same CHECK, other name
--   invoices_client_idx             -> invoices_client_id_idx: same index, other name
--   invoices_client_id_fkey         references clients(id); the target references
--                                   customers(id): not drift once the rename is mapped
-- Planted: 3 clients (tax numbers T1, T2, NULL), 4 invoices. Expected findings:
-- DR302 name, DR303 email (priority must); DR201 clients_tax_no_key, DR301 clients,
-- DR311 customers_pkey and invoices_amount_check, DR312 customers_name_idx and
-- invoices_client_id_idx (priority should). No data blockers.
CREATE TABLE clients (
    id serial PRIMARY KEY,
    full_name text NOT NULL,
    mail text,
    tax_no text,
    CONSTRAINT clients_tax_no_key UNIQUE (tax_no)
);
CREATE INDEX clients_full_name_idx ON clients (full_name);

CREATE TABLE invoices (
    id integer PRIMARY KEY,
    client_id integer NOT NULL REFERENCES clients (id),
    amount numeric(10, 2) CONSTRAINT amount_positive CHECK (amount > 0)
);
CREATE INDEX invoices_client_idx ON invoices (client_id);

INSERT INTO clients (full_name, mail, tax_no) VALUES
    ('Ann', 'ann@x.com', 'T1'), ('Bob', NULL, 'T2'), ('Cy', 'cy@x.com', NULL);
INSERT INTO invoices VALUES (1, 1, 10), (2, 1, 20.5), (3, 2, 1), (4, 3, NULL);
