-- order_function_replaced_trigger_kept: a trigger function's body changes while its
-- trigger stays: CREATE OR REPLACE FUNCTION, the trigger untouched.
CREATE TABLE audit_me (id integer PRIMARY KEY, n integer NOT NULL, changed integer NOT NULL DEFAULT 0);
INSERT INTO audit_me VALUES (1, 1, 0), (2, 2, 0);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.changed := OLD.changed + 1; RETURN NEW; END $$;
CREATE TRIGGER audit_me_bump BEFORE UPDATE ON audit_me FOR EACH ROW EXECUTE FUNCTION bump();
