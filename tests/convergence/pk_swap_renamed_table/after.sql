CREATE TABLE customers (code text NOT NULL, id integer NOT NULL, name text,
                        CONSTRAINT clients_pkey PRIMARY KEY (id));
