CREATE TABLE a_lines (id integer PRIMARY KEY, head_id integer);
CREATE TABLE b_heads (id integer NOT NULL, label text);
ALTER TABLE b_heads ADD CONSTRAINT b_heads_pkey PRIMARY KEY (id);
ALTER TABLE a_lines ADD CONSTRAINT a_lines_head_id_fkey FOREIGN KEY (head_id) REFERENCES b_heads (id);
