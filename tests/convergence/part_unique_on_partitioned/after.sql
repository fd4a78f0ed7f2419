CREATE TABLE accounts (
    id integer NOT NULL,
    tenant integer NOT NULL,
    email text,
    CONSTRAINT accounts_pkey PRIMARY KEY (id, tenant),
    CONSTRAINT accounts_tenant_email_key UNIQUE (tenant, email)
) PARTITION BY LIST (tenant);
CREATE TABLE accounts_t1 PARTITION OF accounts FOR VALUES IN (1);
CREATE TABLE accounts_t2 PARTITION OF accounts FOR VALUES IN (2);
