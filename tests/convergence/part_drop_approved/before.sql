-- part_drop_approved: an old partition is not in the target and drift.toml approves
-- its drop: DROP TABLE in cleanup (its rows go, by approval); the others keep theirs.
CREATE TABLE metrics (
    id integer NOT NULL,
    year integer NOT NULL,
    v numeric
) PARTITION BY RANGE (year);
CREATE TABLE metrics_2019 PARTITION OF metrics FOR VALUES FROM (2019) TO (2020);
CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM (2024) TO (2025);
INSERT INTO metrics VALUES (1, 2019, 1), (2, 2024, 2), (3, 2024, 3);
