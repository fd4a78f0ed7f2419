-- part_bound_change: a partition's range is widened (its rows fit the new bound) and
-- a list partition takes one more value: each is detached and attached again with
-- the target's bound, in one transaction, rows kept.
CREATE TABLE logs (
    id integer NOT NULL,
    at integer NOT NULL,
    level text NOT NULL,
    msg text
) PARTITION BY RANGE (at);
CREATE TABLE logs_a PARTITION OF logs FOR VALUES FROM (0) TO (100);
CREATE TABLE logs_b PARTITION OF logs FOR VALUES FROM (100) TO (200);
CREATE TABLE levels (
    name text NOT NULL,
    weight integer
) PARTITION BY LIST (name);
CREATE TABLE levels_low PARTITION OF levels FOR VALUES IN ('debug');
CREATE TABLE levels_high PARTITION OF levels FOR VALUES IN ('error');
INSERT INTO logs VALUES (1, 5, 'info', 'x'), (2, 150, 'warn', 'y');
INSERT INTO levels VALUES ('debug', 1), ('error', 9);
