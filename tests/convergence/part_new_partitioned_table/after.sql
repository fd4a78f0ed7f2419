CREATE TABLE devices (
    id integer PRIMARY KEY,
    name text
);
CREATE TABLE pings (
    device integer NOT NULL REFERENCES devices (id),
    at date NOT NULL,
    ok boolean,
    PRIMARY KEY (device, at)
) PARTITION BY RANGE (at);
CREATE TABLE pings_2024 PARTITION OF pings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE pings_2025 PARTITION OF pings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY LIST (device);
CREATE TABLE pings_2025_a PARTITION OF pings_2025 FOR VALUES IN (1);
CREATE TABLE pings_2025_rest PARTITION OF pings_2025 DEFAULT;
CREATE INDEX pings_ok_idx ON pings (ok);
