-- part_renamed_table: a partitioned table renamed through drift.toml (events ->
-- audit_events) that also gets a new index, a new unique key and a new foreign key.
-- Every step on it runs under its live name, before the rename, and reaches its
-- partitions (one of them sub-partitioned): the index ON ONLY the parent, CONCURRENTLY
-- on each partition and attached; the key ONLY on the parent with each partition's
-- attached; the foreign key on the parent. The partitions keep their names.
CREATE TABLE accounts (id integer PRIMARY KEY);
CREATE TABLE events (
    id integer NOT NULL,
    tenant integer NOT NULL,
    account_id integer,
    kind text
) PARTITION BY LIST (tenant);
CREATE TABLE events_t1 PARTITION OF events FOR VALUES IN (1);
CREATE TABLE events_t2 PARTITION OF events FOR VALUES IN (2) PARTITION BY RANGE (id);
CREATE TABLE events_t2_low PARTITION OF events_t2 FOR VALUES FROM (MINVALUE) TO (100);
CREATE TABLE events_t2_high PARTITION OF events_t2 FOR VALUES FROM (100) TO (MAXVALUE);
INSERT INTO accounts VALUES (1), (2);
INSERT INTO events VALUES (1, 1, 1, 'a'), (2, 1, 2, 'b'), (1, 2, NULL, 'a'), (150, 2, 1, 'c');
