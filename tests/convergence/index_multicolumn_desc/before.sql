-- index_multicolumn_desc: multi-column indexes with per-key order: DESC, NULLS FIRST,
-- DESC NULLS LAST; an existing index whose key order changes (b, a -> a, b) and one
-- whose direction changes, both under the same name.
CREATE TABLE readings (
    id integer PRIMARY KEY,
    sensor integer NOT NULL,
    taken_at timestamptz NOT NULL,
    value double precision,
    quality smallint
);
CREATE INDEX readings_sensor_time_idx ON readings (taken_at, sensor);
CREATE INDEX readings_value_idx ON readings (value);
INSERT INTO readings VALUES (1, 1, '2024-01-01', 1.5, 3), (2, 1, '2024-01-02', NULL, NULL),
                            (3, 2, '2024-01-01', -4, 1);
