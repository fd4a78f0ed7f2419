CREATE TABLE people (id integer PRIMARY KEY, first text NOT NULL, last text NOT NULL);
CREATE VIEW names AS SELECT id, last AS family_name, first AS given_name FROM people;
CREATE VIEW name_count AS SELECT count(*) AS n FROM names;
