CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm VERSION '1.5';
CREATE TABLE public.users (id integer PRIMARY KEY, email citext NOT NULL);
