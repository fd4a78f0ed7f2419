CREATE TABLE logs (id integer PRIMARY KEY, level text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX logs_level_idx ON logs (level, at DESC);
