CREATE TABLE widgets (id serial PRIMARY KEY, name text);
