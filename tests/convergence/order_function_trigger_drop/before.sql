-- order_function_trigger_drop: an unwanted trigger function and the trigger that uses
-- it. DROP FUNCTION fails while the trigger exists: the trigger goes first, whatever
-- the names (a_stamp() sorts before z_stamp_trg).
CREATE TABLE notes (id integer PRIMARY KEY, body text, touched timestamptz);
INSERT INTO notes VALUES (1, 'a', NULL), (2, 'b', NULL);
CREATE FUNCTION a_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE TRIGGER z_stamp_trg BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION a_stamp();
