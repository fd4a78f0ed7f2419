-- order_trigger_moves_function: a trigger switches to a new function and the old one is
-- dropped: the new function first, then the trigger, and the old function only once
-- no trigger uses it.
CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL, seen boolean NOT NULL DEFAULT false);
INSERT INTO events VALUES (1, 'a', false);
CREATE FUNCTION a_old_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.seen := true; RETURN NEW; END $$;
CREATE TRIGGER events_mark BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION a_old_mark();
