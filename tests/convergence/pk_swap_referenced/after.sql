CREATE TABLE heads (id integer NOT NULL, rev integer NOT NULL DEFAULT 1,
                    CONSTRAINT heads_pkey PRIMARY KEY (rev, id));
CREATE TABLE tails (id integer PRIMARY KEY, head_id integer NOT NULL, head_rev integer NOT NULL,
                    CONSTRAINT tails_head_fkey FOREIGN KEY (head_id, head_rev) REFERENCES heads (id, rev));
