CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL);
CREATE VIEW active_people AS SELECT id, name FROM people WHERE active;
