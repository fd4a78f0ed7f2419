-- rls_force: row-level security is on; the target also forces it on the table owner.
CREATE TABLE secrets (id integer PRIMARY KEY, tenant integer NOT NULL);
INSERT INTO secrets VALUES (1, 1), (2, 2);
ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY secrets_all ON secrets USING (true);
