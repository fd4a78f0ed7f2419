CREATE TABLE animals (
    id integer PRIMARY KEY,
    name text CHECK (name <> ''),
    legs integer NOT NULL DEFAULT 4
);
CREATE TABLE cats () INHERITS (animals);
CREATE TABLE dogs (good boolean) INHERITS (animals);
