CREATE TABLE base (id integer PRIMARY KEY);
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('eur', 'usd');
CREATE TABLE billing.invoices (id integer PRIMARY KEY, base_id integer REFERENCES public.base (id),
                               currency billing.currency NOT NULL DEFAULT 'eur');
