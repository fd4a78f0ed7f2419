CREATE TABLE a_children (id integer PRIMARY KEY, parent_code text);
CREATE TABLE z_parents (id integer PRIMARY KEY, code text NOT NULL);
ALTER TABLE z_parents ADD CONSTRAINT z_parents_code_key UNIQUE (code);
ALTER TABLE a_children ADD CONSTRAINT a_children_parent_code_fkey
    FOREIGN KEY (parent_code) REFERENCES z_parents (code);
