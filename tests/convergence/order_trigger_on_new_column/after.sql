CREATE TABLE items (id integer PRIMARY KEY, price integer NOT NULL, price_changed timestamptz);
CREATE FUNCTION stamp_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.price_changed := now(); RETURN NEW; END $$;
CREATE TRIGGER items_price_stamp BEFORE UPDATE OF price ON items FOR EACH ROW EXECUTE FUNCTION stamp_price();
