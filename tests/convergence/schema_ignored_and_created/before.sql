-- schema_ignored_and_created: the target adds a schema holding only a view (reporting:
-- no table brings the schema with it, so drift creates it on its own, DR130), and the
-- live database has a schema drift.toml scopes out (etl, ignore_schemas): its tables
-- differ from nothing and are neither read nor reported, and the plan never touches it.
CREATE SCHEMA etl;
CREATE TABLE public.orders (id integer PRIMARY KEY, cents integer NOT NULL);
CREATE TABLE etl.staging (id integer, payload text);
INSERT INTO public.orders VALUES (1, 100), (2, 250);
INSERT INTO etl.staging VALUES (1, 'a'), (2, 'b');
