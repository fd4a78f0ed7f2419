CREATE SCHEMA reporting;
CREATE TABLE public.orders (id integer PRIMARY KEY, cents integer NOT NULL);
CREATE VIEW reporting.big_orders AS SELECT id, cents FROM public.orders WHERE cents > 200;
