DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['drift_conv_app', 'drift_conv_reporting', 'drift_conv_owner_a', 'drift_conv_owner_b'] LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    EXCEPTION WHEN duplicate_object THEN NULL;
    END;
  END LOOP;
END $$;
CREATE TABLE public.orders (id serial PRIMARY KEY, cents integer NOT NULL);
CREATE VIEW public.big_orders AS SELECT id, cents FROM public.orders WHERE cents > 100;
CREATE SEQUENCE public.invoice_no;
GRANT SELECT ON public.orders TO drift_conv_reporting;
GRANT INSERT ON public.orders TO drift_conv_app WITH GRANT OPTION;
GRANT SELECT ON public.big_orders TO drift_conv_reporting;
GRANT USAGE ON SEQUENCE public.invoice_no, public.orders_id_seq TO drift_conv_app;
