CREATE TABLE readings (
    id integer PRIMARY KEY,
    sensor integer NOT NULL,
    taken_at timestamptz NOT NULL,
    value double precision,
    quality smallint
);
CREATE INDEX readings_sensor_time_idx ON readings (sensor, taken_at DESC);
CREATE INDEX readings_value_idx ON readings (value DESC NULLS LAST);
CREATE INDEX readings_quality_idx ON readings (quality NULLS FIRST, sensor, value DESC);
