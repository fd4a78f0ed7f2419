CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE customer_notes (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id),
                             note text);
CREATE INDEX customer_notes_customer_idx ON customer_notes (customer_id);
