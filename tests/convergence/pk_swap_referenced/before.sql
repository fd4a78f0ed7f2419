-- pk_swap_referenced: a composite primary key that a child references changes its column
-- order: the FK is dropped and re-added NOT VALID around the swap (VALIDATE in cleanup),
-- and the parent is never without a primary key.
CREATE TABLE heads (id integer NOT NULL, rev integer NOT NULL DEFAULT 1,
                    CONSTRAINT heads_pkey PRIMARY KEY (id, rev));
CREATE TABLE tails (id integer PRIMARY KEY, head_id integer NOT NULL, head_rev integer NOT NULL,
                    CONSTRAINT tails_head_fkey FOREIGN KEY (head_id, head_rev) REFERENCES heads (id, rev));
INSERT INTO heads VALUES (1, 1), (2, 1);
INSERT INTO tails VALUES (1, 1, 1), (2, 2, 1);
