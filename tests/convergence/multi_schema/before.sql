-- multi_schema: several schemas and cross-schema foreign keys. crm and billing exist;
-- the target adds a schema (audit) whose new table references crm, a new FK from
-- billing to crm, a new index in billing, and renames an index in crm (naming drift
-- outside public). public.items and billing.items share a name: every step must hit
-- the right one.
CREATE SCHEMA crm;
CREATE SCHEMA billing;
CREATE TABLE crm.accounts (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX crm_accounts_name ON crm.accounts (name);
CREATE TABLE billing.items (
    id integer PRIMARY KEY,
    account_id integer NOT NULL,
    cents integer NOT NULL
);
CREATE TABLE public.items (id integer PRIMARY KEY, label text);
INSERT INTO crm.accounts VALUES (1, 'acme'), (2, 'globex');
INSERT INTO billing.items VALUES (1, 1, 100), (2, 2, 250), (3, 1, 75);
INSERT INTO public.items VALUES (1, 'x'), (2, 'y');
