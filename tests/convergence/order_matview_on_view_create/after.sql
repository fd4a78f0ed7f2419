CREATE TABLE accounts (id integer PRIMARY KEY, active boolean NOT NULL, balance integer NOT NULL);
CREATE VIEW z_active AS SELECT id, balance FROM accounts WHERE active;
CREATE MATERIALIZED VIEW a_summary AS SELECT count(*) AS n, sum(balance) AS total FROM z_active;
