-- rls_disable: the live table has row-level security and a policy the target dropped:
-- the policy goes and row-level security is turned off.
CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL);
INSERT INTO notes VALUES (1, 'a'), (2, 'b');
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_mine ON notes USING (author = current_user);
