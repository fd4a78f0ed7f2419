-- privileges_grants: with [drift] compare_privileges, grants on a table, a view and a
-- sequence. Live: PUBLIC may read orders (the target says no), reporting may not
-- (the target says yes), app may insert but not pass it on (the target: with grant
-- option), the view and the sequence lack their grants. The plan GRANTs and REVOKEs
-- in cleanup; a rerun changes nothing. (The roles are cluster-wide: created if absent.)
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
GRANT SELECT ON public.orders TO PUBLIC;
GRANT INSERT ON public.orders TO drift_conv_app;
INSERT INTO public.orders (cents) VALUES (50), (150);
