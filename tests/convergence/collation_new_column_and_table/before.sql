-- collation_new_column_and_table: a new column and a new table carry an explicit
-- collation: created with it (ADD COLUMN / CREATE TABLE ... COLLATE).
CREATE TABLE tags (id integer PRIMARY KEY);
INSERT INTO tags VALUES (1), (2);
