-- order_view_drop_reverse_names: the same chain named the other way (z_base <- a_top),
-- with a second reader of the base: whatever the names, dependents go first.
CREATE TABLE items (id integer PRIMARY KEY, price integer NOT NULL);
INSERT INTO items VALUES (1, 3), (2, 4);
CREATE VIEW z_base AS SELECT id, price FROM items WHERE price > 0;
CREATE VIEW a_top AS SELECT sum(price) AS total FROM z_base;
CREATE VIEW m_side AS SELECT id FROM z_base;
