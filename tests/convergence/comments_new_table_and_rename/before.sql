-- comments_new_table_and_rename: a new table and a new column come with comments, and
-- a renamed column keeps its comment under the new name (set after the rename).
CREATE TABLE staff (id integer PRIMARY KEY, nm text);
COMMENT ON COLUMN staff.nm IS 'name';
INSERT INTO staff VALUES (1, 'x');
