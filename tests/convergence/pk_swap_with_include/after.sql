CREATE TABLE prices (sku text NOT NULL, cents integer NOT NULL,
                     CONSTRAINT prices_pkey PRIMARY KEY (sku) INCLUDE (cents));
