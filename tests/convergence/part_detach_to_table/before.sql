-- part_detach_to_table: the target keeps an old partition as a table of its own:
-- drift detaches it (rows kept), it is not dropped and not re-created.
CREATE TABLE visits (
    id integer NOT NULL,
    day date NOT NULL
) PARTITION BY RANGE (day);
CREATE TABLE visits_old PARTITION OF visits FOR VALUES FROM ('2000-01-01') TO ('2024-01-01');
CREATE TABLE visits_new PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2030-01-01');
INSERT INTO visits VALUES (1, '2020-01-01'), (2, '2025-01-01');
