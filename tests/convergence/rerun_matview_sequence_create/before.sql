-- rerun_matview_sequence_create: a new materialized view and a new standalone sequence:
-- both IF NOT EXISTS, so the second run changes nothing.
CREATE TABLE clicks (id integer PRIMARY KEY, page text NOT NULL);
INSERT INTO clicks VALUES (1, '/'), (2, '/x');
