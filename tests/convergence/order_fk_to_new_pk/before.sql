-- order_fk_to_new_pk: a parent table without a primary key gains one, and a child gains
-- a foreign key to it: the FK comes after the key's index.
CREATE TABLE a_lines (id integer PRIMARY KEY, head_id integer);
CREATE TABLE b_heads (id integer NOT NULL, label text);
INSERT INTO b_heads VALUES (1, 'one'), (2, 'two');
INSERT INTO a_lines VALUES (1, 1), (2, 2), (3, NULL);
