CREATE TABLE audit_me (id integer PRIMARY KEY, n integer NOT NULL, changed integer NOT NULL DEFAULT 0);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.changed := OLD.changed + 10; RETURN NEW; END $$;
CREATE TRIGGER audit_me_bump BEFORE UPDATE ON audit_me FOR EACH ROW EXECUTE FUNCTION bump();
