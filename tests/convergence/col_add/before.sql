-- col_add: columns added to a table that has rows, in every form that needs no backfill.
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text NOT NULL
);
INSERT INTO accounts VALUES (1, 'a@x.com'), (2, 'b@x.com'), (3, 'c@x.com');
