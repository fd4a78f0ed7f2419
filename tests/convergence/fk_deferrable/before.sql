-- fk_deferrable: deferrability of foreign keys: a new DEFERRABLE (initially
-- immediate) key, a new DEFERRABLE INITIALLY DEFERRED key, an existing key that
-- becomes INITIALLY DEFERRED, and one that stops being deferrable.
CREATE TABLE nodes (
    id integer PRIMARY KEY,
    parent_id integer,
    first_child_id integer,
    prev_id integer,
    next_id integer,
    CONSTRAINT nodes_prev_fkey FOREIGN KEY (prev_id) REFERENCES nodes (id) DEFERRABLE,
    CONSTRAINT nodes_next_fkey FOREIGN KEY (next_id) REFERENCES nodes (id)
        DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO nodes VALUES (1, NULL, 2, NULL, 2), (2, 1, NULL, 1, 3), (3, 1, NULL, 2, NULL);
