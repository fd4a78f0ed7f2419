CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL);
