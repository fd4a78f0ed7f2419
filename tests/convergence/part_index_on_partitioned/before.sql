-- part_index_on_partitioned: the target indexes a partitioned table (one of its
-- partitions is itself partitioned). PostgreSQL cannot build that CONCURRENTLY: drift
-- builds it ON ONLY the parent, CONCURRENTLY on each leaf, ON ONLY the sub-partitioned
-- one, and attaches each, under the names PostgreSQL itself gives them.
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
INSERT INTO readings VALUES (1, '2024-02-01', 1.5), (2, '2025-02-01', 2.5), (3, '2025-03-01', 3.5);
