CREATE DOMAIN weight_kg AS numeric(8,2) CONSTRAINT weight_kg_check CHECK (VALUE >= 0);
CREATE TABLE shipments (id integer PRIMARY KEY, weight weight_kg);
