CREATE TABLE parts (id integer NOT NULL, legacy_code text NOT NULL, name text,
                    CONSTRAINT parts_pkey PRIMARY KEY (id));
