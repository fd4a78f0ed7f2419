-- part_attach_table: a table loaded on the side becomes a partition in the target:
-- drift attaches it (the attach checks its rows fit), not DR221, not re-created.
-- The target also indexes the parent: the table's index is built CONCURRENTLY
-- beforehand, and the attach takes it over.
CREATE TABLE clicks (
    id integer NOT NULL,
    day date NOT NULL
) PARTITION BY RANGE (day);
CREATE TABLE clicks_2024 PARTITION OF clicks FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE clicks_2025 (
    id integer NOT NULL,
    day date NOT NULL
);
INSERT INTO clicks VALUES (1, '2024-01-05');
INSERT INTO clicks_2025 VALUES (2, '2025-02-01'), (3, '2025-03-01');
