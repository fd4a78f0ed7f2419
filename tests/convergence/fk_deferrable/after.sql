CREATE TABLE nodes (
    id integer PRIMARY KEY,
    parent_id integer,
    first_child_id integer,
    prev_id integer,
    next_id integer,
    CONSTRAINT nodes_parent_fkey FOREIGN KEY (parent_id) REFERENCES nodes (id) DEFERRABLE,
    CONSTRAINT nodes_first_child_fkey FOREIGN KEY (first_child_id) REFERENCES nodes (id)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT nodes_prev_fkey FOREIGN KEY (prev_id) REFERENCES nodes (id)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT nodes_next_fkey FOREIGN KEY (next_id) REFERENCES nodes (id)
);
