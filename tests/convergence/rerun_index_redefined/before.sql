-- rerun_index_redefined: an index whose definition changes is dropped and rebuilt once;
-- the second run finds it rebuilt (same definition, valid) and leaves it alone.
CREATE TABLE logs (id integer PRIMARY KEY, level text NOT NULL, at timestamptz NOT NULL);
INSERT INTO logs VALUES (1, 'info', now()), (2, 'error', now());
CREATE INDEX logs_level_idx ON logs (level);
