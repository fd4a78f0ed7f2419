CREATE TABLE gadgets (id integer PRIMARY KEY, name text);
