-- order_view_drop_chain: three unwanted views, each reading the one before it, named
-- against their dependency order (a_base <- b_mid <- c_top would be dropped a, b, c
-- by name). Drops must go in reverse dependency order: c_top, b_mid, a_base.
CREATE TABLE orders (id integer PRIMARY KEY, total numeric NOT NULL);
INSERT INTO orders VALUES (1, 10), (2, 25);
CREATE VIEW a_base AS SELECT id, total FROM orders;
CREATE VIEW b_mid AS SELECT id, total * 2 AS doubled FROM a_base;
CREATE VIEW c_top AS SELECT count(*) AS n FROM b_mid;
