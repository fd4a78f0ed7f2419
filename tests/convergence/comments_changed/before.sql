-- comments_changed: a table comment changes, a column comment is added, another is
-- removed: COMMENT ON ... IS / IS NULL, in cleanup.
CREATE TABLE accounts (id integer PRIMARY KEY, email text, legacy text);
COMMENT ON TABLE accounts IS 'old description';
COMMENT ON COLUMN accounts.legacy IS 'to be removed';
INSERT INTO accounts VALUES (1, 'a@x', NULL);
