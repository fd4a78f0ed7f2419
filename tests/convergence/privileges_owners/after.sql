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
CREATE SCHEMA crm AUTHORIZATION drift_conv_owner_b;
CREATE TABLE crm.accounts (id serial PRIMARY KEY, name text NOT NULL);
CREATE VIEW crm.named AS SELECT id, name FROM crm.accounts;
CREATE FUNCTION crm.account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM crm.accounts';
ALTER TABLE crm.accounts OWNER TO drift_conv_owner_b;
ALTER VIEW crm.named OWNER TO drift_conv_owner_b;
ALTER FUNCTION crm.account_count() OWNER TO drift_conv_owner_b;
GRANT SELECT ON crm.accounts TO drift_conv_owner_a;
