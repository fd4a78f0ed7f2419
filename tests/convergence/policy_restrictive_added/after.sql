CREATE TABLE orders (id integer PRIMARY KEY, tenant integer NOT NULL, total integer NOT NULL);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_read ON orders FOR SELECT USING (true);
CREATE POLICY orders_positive ON orders AS RESTRICTIVE FOR INSERT WITH CHECK (total > 0);
