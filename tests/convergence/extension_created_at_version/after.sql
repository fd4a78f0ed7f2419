CREATE EXTENSION seg VERSION '1.3';
CREATE TABLE public.samples (id integer PRIMARY KEY, label text NOT NULL, range seg);
