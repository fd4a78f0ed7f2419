-- rerun_schema_enum_new_table: a new schema with an enum and a table using it, next to
-- an existing table: every CREATE is skipped or IF NOT EXISTS on the second run.
CREATE TABLE base (id integer PRIMARY KEY);
INSERT INTO base VALUES (1);
