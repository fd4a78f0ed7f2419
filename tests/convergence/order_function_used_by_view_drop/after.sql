CREATE TABLE prices (id integer PRIMARY KEY, cents integer NOT NULL);
