-- cast_generated_expression_changed: a stored generated column's expression changes:
-- ALTER COLUMN ... SET EXPRESSION (PostgreSQL 17+; the test server is 18).
CREATE TABLE lines (id integer PRIMARY KEY, qty integer NOT NULL, price integer NOT NULL,
                    total integer GENERATED ALWAYS AS (qty * price) STORED);
INSERT INTO lines (id, qty, price) VALUES (1, 2, 3), (2, 1, 10);
