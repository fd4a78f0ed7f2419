CREATE TABLE posts (id integer PRIMARY KEY, author text NOT NULL, published boolean NOT NULL);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY posts_rw ON posts FOR UPDATE USING (published) WITH CHECK (author = current_user);
