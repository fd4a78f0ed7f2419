-- privileges_owners: owners of a schema, a table (with its serial's sequence, which
-- follows it), a view and a function. Live: owner_a owns them; the target gives them
-- to owner_b, and keeps a grant owner_a held as a plain grantee. The plan runs ALTER
-- ... OWNER TO before the grants. results compares no owners: drift's own check after
-- the plan, and the rerun's oids, are the proof here.
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
CREATE SCHEMA crm AUTHORIZATION drift_conv_owner_a;
CREATE TABLE crm.accounts (id serial PRIMARY KEY, name text NOT NULL);
CREATE VIEW crm.named AS SELECT id, name FROM crm.accounts;
CREATE FUNCTION crm.account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM crm.accounts';
ALTER TABLE crm.accounts OWNER TO drift_conv_owner_a;
ALTER VIEW crm.named OWNER TO drift_conv_owner_a;
ALTER FUNCTION crm.account_count() OWNER TO drift_conv_owner_a;
INSERT INTO crm.accounts (name) VALUES ('acme'), ('globex');
