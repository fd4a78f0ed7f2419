CREATE TABLE cities (
    id integer PRIMARY KEY,
    name text NOT NULL,
    country text NOT NULL
);
CREATE INDEX cities_name_idx ON cities (name COLLATE "C");
CREATE INDEX cities_country_name_idx ON cities (country, name COLLATE "C" DESC);
