-- part_missing_partition: a range-partitioned table lacks the partition for 2026 and
-- its default partition; both are created PARTITION OF it (empty; the existing
-- partitions keep their rows), with the parent's index already on them.
CREATE TABLE events (
    id bigint NOT NULL,
    happened date NOT NULL,
    kind text
) PARTITION BY RANGE (happened);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_kind_idx ON events (kind);
INSERT INTO events VALUES (1, '2024-03-01', 'a'), (2, '2025-06-01', 'b'), (3, '2025-07-01', NULL);
