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
CREATE TABLE api.tags (id integer PRIMARY KEY, item_id integer NOT NULL REFERENCES api.items);
CREATE FUNCTION api.item_label(p integer) RETURNS text LANGUAGE sql STABLE
    AS 'SELECT label FROM api.items WHERE id = p';
REVOKE EXECUTE ON FUNCTION api.item_label(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.item_label(integer) TO drift_conv_app;
GRANT USAGE ON SCHEMA api TO drift_conv_reporting;
GRANT SELECT, INSERT ON api.tags TO drift_conv_app;
GRANT SELECT ON api.items, api.tags TO drift_conv_reporting;
