CREATE TABLE metrics (
    id integer NOT NULL,
    year integer NOT NULL,
    v numeric
) PARTITION BY RANGE (year);
CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM (2024) TO (2025);
