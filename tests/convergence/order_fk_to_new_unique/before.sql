-- order_fk_to_new_unique: the target adds a unique key on the parent and a foreign key
-- on the child that references it. The FK needs the key's unique index to exist: it
-- is added after the index (whatever the finding order), never before.
CREATE TABLE a_children (id integer PRIMARY KEY, parent_code text);
CREATE TABLE z_parents (id integer PRIMARY KEY, code text NOT NULL);
INSERT INTO z_parents VALUES (1, 'x'), (2, 'y');
INSERT INTO a_children VALUES (1, 'x'), (2, NULL), (3, 'y');
