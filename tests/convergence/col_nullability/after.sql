CREATE TABLE members (
    id integer PRIMARY KEY,
    email text NOT NULL,
    phone text NOT NULL,
    nickname text
);
