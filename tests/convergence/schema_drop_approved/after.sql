CREATE TABLE public.accounts (id integer PRIMARY KEY, name text NOT NULL);
