CREATE TABLE docs (id integer PRIMARY KEY, title text NOT NULL, slug text);
CREATE FUNCTION z_slugify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.slug := lower(replace(NEW.title, ' ', '-')); RETURN NEW; END $$;
CREATE TRIGGER a_docs_slug BEFORE INSERT OR UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION z_slugify();
