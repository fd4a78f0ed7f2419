-- order_interrupted_unique_build: an earlier run was interrupted while building the
-- unique index of a new constraint CONCURRENTLY, leaving it INVALID under the
-- constraint's name. A fresh plan must drop the leftover BEFORE building it again
-- (dropping it after would drop the new index and fail every rerun). Simulated by
-- marking a built index invalid, as a failed build leaves it.
CREATE TABLE slugs (id integer PRIMARY KEY, slug text NOT NULL);
INSERT INTO slugs VALUES (1, 'a'), (2, 'b');
CREATE UNIQUE INDEX slugs_slug_key ON slugs (slug);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'slugs_slug_key'::regclass;
