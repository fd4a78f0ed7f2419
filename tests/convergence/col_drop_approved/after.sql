CREATE TABLE profiles (
    id integer PRIMARY KEY,
    name text NOT NULL,
    city text
);
