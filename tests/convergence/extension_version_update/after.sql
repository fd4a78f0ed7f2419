CREATE EXTENSION hstore VERSION '1.7';
CREATE TABLE public.settings (id integer PRIMARY KEY, attrs hstore NOT NULL);
