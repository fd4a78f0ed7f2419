-- pk_swap_with_include: a primary key gains an INCLUDE column: rebuilt aside and
-- swapped, the table keeps a key throughout.
CREATE TABLE prices (sku text NOT NULL, cents integer NOT NULL,
                     CONSTRAINT prices_pkey PRIMARY KEY (sku));
INSERT INTO prices VALUES ('a', 1), ('b', 2);
