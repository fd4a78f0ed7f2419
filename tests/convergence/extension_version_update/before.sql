-- extension_version_update: the target names hstore 1.7, the live database runs 1.5
-- (a table uses its type). drift plans ALTER EXTENSION hstore UPDATE TO '1.7' (the
-- server's own update scripts, 1.5 -> 1.6 -> 1.7), skipped on a rerun once there.
-- (1.7, not the server's default 1.8: a target at the default version reads as one
-- that names none, and is not compared.)
CREATE EXTENSION hstore VERSION '1.5';
CREATE TABLE public.settings (id integer PRIMARY KEY, attrs hstore NOT NULL);
INSERT INTO public.settings VALUES (1, 'a=>1'), (2, 'b=>2, c=>3');
