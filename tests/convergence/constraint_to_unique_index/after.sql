CREATE TABLE slugs (
    id integer PRIMARY KEY,
    slug text NOT NULL
);
CREATE UNIQUE INDEX slugs_slug_key ON slugs (slug);
