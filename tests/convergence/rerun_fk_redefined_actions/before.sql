-- rerun_fk_redefined_actions: a foreign key gains ON DELETE CASCADE under the same
-- name: rebuilt once, left alone on the second run.
CREATE TABLE posts (id integer PRIMARY KEY);
CREATE TABLE comments (id integer PRIMARY KEY, post_id integer NOT NULL,
                       CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id));
INSERT INTO posts VALUES (1), (2);
INSERT INTO comments VALUES (1, 1), (2, 2);
