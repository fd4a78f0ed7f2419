-- policy_redefined: a policy's command and WITH CHECK change. There is no CREATE OR
-- REPLACE POLICY, and ALTER POLICY cannot change the command: drop and create, skipped
-- on the second run once the policy reads as the target's.
CREATE TABLE posts (id integer PRIMARY KEY, author text NOT NULL, published boolean NOT NULL);
INSERT INTO posts VALUES (1, 'a', true), (2, 'b', false);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY posts_rw ON posts FOR ALL USING (published);
