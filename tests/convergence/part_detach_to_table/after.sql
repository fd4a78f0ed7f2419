CREATE TABLE visits (
    id integer NOT NULL,
    day date NOT NULL
) PARTITION BY RANGE (day);
CREATE TABLE visits_new PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2030-01-01');
CREATE TABLE visits_old (
    id integer NOT NULL,
    day date NOT NULL
);
