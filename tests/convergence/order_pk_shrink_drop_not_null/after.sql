CREATE TABLE codes (id integer NOT NULL, tenant integer NOT NULL, code text,
                    CONSTRAINT codes_pkey PRIMARY KEY (id));
