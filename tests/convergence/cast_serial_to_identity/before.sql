-- cast_serial_to_identity: a serial key becomes an identity: the serial default and its
-- sequence go, the identity comes, starting after the largest key.
CREATE TABLE pallets (id serial PRIMARY KEY, label text);
INSERT INTO pallets (label) VALUES ('a'), ('b'), ('c');
