-- cast_int_to_bigint_default_kept: integer to bigint with the same default text: the
-- default follows the type by itself and must not be dropped.
CREATE TABLE counters (id integer PRIMARY KEY, hits integer NOT NULL DEFAULT 0);
INSERT INTO counters VALUES (1, 5), (2, 0);
