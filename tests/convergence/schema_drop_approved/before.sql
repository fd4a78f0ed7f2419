-- schema_drop_approved: the live database has a schema the target lacks (legacy, with a
-- table, a view and rows). drift reports it (DR233) and, since drift.toml approves the
-- drop, drops it with everything in it (DROP SCHEMA ... CASCADE) in cleanup.
CREATE SCHEMA legacy;
CREATE TABLE public.accounts (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE legacy.accounts_old (id integer PRIMARY KEY, name text);
CREATE VIEW legacy.named AS SELECT id, name FROM legacy.accounts_old WHERE name IS NOT NULL;
INSERT INTO public.accounts VALUES (1, 'acme'), (2, 'globex');
INSERT INTO legacy.accounts_old VALUES (1, 'acme'), (2, NULL), (3, 'initech');
