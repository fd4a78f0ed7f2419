-- policy_restrictive_added: a second, RESTRICTIVE policy for inserts joins an existing
-- permissive one; the existing policy is untouched.
CREATE TABLE orders (id integer PRIMARY KEY, tenant integer NOT NULL, total integer NOT NULL);
INSERT INTO orders VALUES (1, 1, 10), (2, 2, 20);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_read ON orders FOR SELECT USING (true);
