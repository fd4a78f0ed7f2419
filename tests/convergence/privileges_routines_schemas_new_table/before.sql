-- privileges_routines_schemas_new_table: a function whose EXECUTE the target takes
-- from PUBLIC and gives to app, a schema whose USAGE the target gives to reporting,
-- and a new table the plan creates, then grants on (it starts from the default ACL).
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
CREATE SCHEMA api;
CREATE TABLE api.items (id integer PRIMARY KEY, label text);
CREATE FUNCTION api.item_label(p integer) RETURNS text LANGUAGE sql STABLE
    AS 'SELECT label FROM api.items WHERE id = p';
INSERT INTO api.items VALUES (1, 'a'), (2, 'b');
