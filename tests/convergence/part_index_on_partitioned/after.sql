CREATE TABLE readings (
    sensor integer NOT NULL,
    taken date NOT NULL,
    value numeric
) PARTITION BY RANGE (taken);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY LIST (sensor);
CREATE TABLE readings_2025_low PARTITION OF readings_2025 FOR VALUES IN (1, 2);
CREATE TABLE readings_2025_high PARTITION OF readings_2025 FOR VALUES IN (3, 4);
CREATE INDEX readings_sensor_taken_idx ON readings (sensor, taken);
CREATE INDEX readings_value_idx ON readings (value) WHERE value > 0;
