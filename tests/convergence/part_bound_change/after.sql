CREATE TABLE logs (
    id integer NOT NULL,
    at integer NOT NULL,
    level text NOT NULL,
    msg text
) PARTITION BY RANGE (at);
CREATE TABLE logs_a PARTITION OF logs FOR VALUES FROM (0) TO (100);
CREATE TABLE logs_b PARTITION OF logs FOR VALUES FROM (100) TO (300);
CREATE TABLE levels (
    name text NOT NULL,
    weight integer
) PARTITION BY LIST (name);
CREATE TABLE levels_low PARTITION OF levels FOR VALUES IN ('debug', 'info');
CREATE TABLE levels_high PARTITION OF levels FOR VALUES IN ('error');
