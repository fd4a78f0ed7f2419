CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL, seen boolean NOT NULL DEFAULT false);
CREATE FUNCTION z_new_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.seen := NEW.kind <> 'quiet'; RETURN NEW; END $$;
CREATE TRIGGER events_mark BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION z_new_mark();
