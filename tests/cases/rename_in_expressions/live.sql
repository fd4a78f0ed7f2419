-- rename_in_expressions, live side: columns mail and nick, declared in drift.toml
-- as renamed to email and handle. The target's CHECK, expression index and partial
-- index name the new columns.
-- Planted rows (id, mail, nick): (1, 'A@x', 'a'), (2, 'a@x', ''), (3, 'b@x', NULL).
-- Correct findings:
--   DR302 email (mail -> email), DR302 handle (nick -> handle)
--   DR114 t_handle_check; DR404 1 violating row (id 2: ''; id 3's NULL passes)
--   DR121 t_email_lower_key; DR401 1 group, 2 rows: lower(mail) 'a@x' (ids 1, 2)
--   DR122 t_handle_partial_idx (WHERE handle IS NOT NULL)
-- resolve.sql fixes id 2's mail and nick.
CREATE TABLE t (id integer PRIMARY KEY, mail text, nick text);
INSERT INTO t VALUES (1, 'A@x', 'a'), (2, 'a@x', ''), (3, 'b@x', NULL);
