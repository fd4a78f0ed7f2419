CREATE TABLE stock (id integer PRIMARY KEY, qty integer NOT NULL, note text);
CREATE VIEW s1 AS SELECT id, qty FROM stock;
CREATE VIEW s2 AS SELECT id, qty FROM s1 WHERE qty > 0;
CREATE VIEW s3 AS SELECT count(*) AS n, sum(qty) AS total FROM s2;
