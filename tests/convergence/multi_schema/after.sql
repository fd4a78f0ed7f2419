CREATE SCHEMA crm;
CREATE SCHEMA billing;
CREATE SCHEMA audit;
CREATE TABLE crm.accounts (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX accounts_name_idx ON crm.accounts (name);
CREATE TABLE billing.items (
    id integer PRIMARY KEY,
    account_id integer NOT NULL REFERENCES crm.accounts (id) ON DELETE CASCADE,
    cents integer NOT NULL
);
CREATE INDEX items_account_idx ON billing.items (account_id);
CREATE TABLE public.items (id integer PRIMARY KEY, label text);
CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer REFERENCES crm.accounts (id) ON DELETE SET NULL,
    item_id integer REFERENCES billing.items (id),
    public_item_id integer REFERENCES public.items (id),
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_account_idx ON audit.events (account_id, at DESC);
