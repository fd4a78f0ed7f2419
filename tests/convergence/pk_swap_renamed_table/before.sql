-- pk_swap_renamed_table: a table is renamed (declared) and its primary key changes
-- columns in the same plan: the key is swapped under the live name before the rename,
-- and the second run skips everything before the rename phase.
CREATE TABLE clients (code text NOT NULL, id integer NOT NULL, name text,
                      CONSTRAINT clients_pkey PRIMARY KEY (code));
INSERT INTO clients VALUES ('a', 1, 'x'), ('b', 2, 'y');
