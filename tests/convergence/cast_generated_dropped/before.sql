-- cast_generated_dropped: a generated column becomes a plain one: DROP EXPRESSION keeps
-- the computed values as data.
CREATE TABLE carts (id integer PRIMARY KEY, n integer NOT NULL,
                    doubled integer GENERATED ALWAYS AS (n * 2) STORED);
INSERT INTO carts (id, n) VALUES (1, 2), (2, 5);
