-- rerun_domain_create: the target adds a domain with a CHECK and a column of it. CREATE
-- DOMAIN has no IF NOT EXISTS: the second run must skip it.
CREATE TABLE shipments (id integer PRIMARY KEY);
INSERT INTO shipments VALUES (1), (2);
