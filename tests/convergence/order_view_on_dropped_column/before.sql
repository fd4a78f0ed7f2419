-- order_view_on_dropped_column: an approved column drop, and an unwanted view that reads
-- that column: the view is dropped before the column.
CREATE TABLE users (id integer PRIMARY KEY, email text, fax text);
INSERT INTO users VALUES (1, 'a@x', '123'), (2, NULL, NULL);
CREATE VIEW a_faxes AS SELECT id, fax FROM users WHERE fax IS NOT NULL;
