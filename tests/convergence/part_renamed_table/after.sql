CREATE TABLE accounts (id integer PRIMARY KEY);
CREATE TABLE audit_events (
    id integer NOT NULL,
    tenant integer NOT NULL,
    account_id integer,
    kind text,
    CONSTRAINT audit_events_tenant_id_key UNIQUE (tenant, id),
    CONSTRAINT audit_events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id)
) PARTITION BY LIST (tenant);
CREATE TABLE events_t1 PARTITION OF audit_events FOR VALUES IN (1);
CREATE TABLE events_t2 PARTITION OF audit_events FOR VALUES IN (2) PARTITION BY RANGE (id);
CREATE TABLE events_t2_low PARTITION OF events_t2 FOR VALUES FROM (MINVALUE) TO (100);
CREATE TABLE events_t2_high PARTITION OF events_t2 FOR VALUES FROM (100) TO (MAXVALUE);
CREATE INDEX audit_events_kind_idx ON audit_events (kind);
