-- cast_generated_added_approved: a plain column becomes generated. PostgreSQL cannot
-- turn a column into a generated one: it is dropped and added again, which replaces
-- its values, so only with [[approve_drop]] for that column.
CREATE TABLE rects (id integer PRIMARY KEY, w integer NOT NULL, h integer NOT NULL, area integer);
INSERT INTO rects VALUES (1, 2, 3, NULL), (2, 4, 5, 20);
