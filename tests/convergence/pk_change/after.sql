CREATE TABLE settings (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    value text,
    CONSTRAINT settings_pkey PRIMARY KEY (tenant_id, id)
);
