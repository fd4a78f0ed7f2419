-- pk_change: a primary key widened from (tenant_id) to (tenant_id, id) under the same
-- name, on a table nothing references.
CREATE TABLE settings (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    value text,
    CONSTRAINT settings_pkey PRIMARY KEY (tenant_id)
);
INSERT INTO settings VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 7, NULL);
