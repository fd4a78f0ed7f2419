CREATE TABLE slugs (id integer PRIMARY KEY, slug text NOT NULL,
                    CONSTRAINT slugs_slug_key UNIQUE (slug));
