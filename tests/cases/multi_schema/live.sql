-- multi_schema, live side: schemas auth and billing, each with a table named
-- accounts, so any lookup that drops the schema picks the wrong one.
-- Live lacks, against expected.sql:
--   auth.users.display_name     (text NOT NULL DEFAULT '') -> DR102
--   billing.payments            (with FKs to billing.accounts and auth.users) -> DR101
--   billing.accounts_login_fk   billing.accounts (login_id) -> auth.accounts (id) -> DR113
-- Planted: auth.accounts ids 1, 2; billing.accounts ids 1-4 with login_id 1-4.
--   => DR403 2 orphan rows (login_id 3 and 4, one row each); checked against
--      billing.accounts by mistake it would be 0.
-- resolve.sql adds auth.accounts 3 and 4.
CREATE SCHEMA auth;
CREATE SCHEMA billing;

CREATE TABLE auth.users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE
);
CREATE TABLE auth.accounts (
    id integer PRIMARY KEY,
    user_id integer NOT NULL REFERENCES auth.users (id)
);
CREATE TABLE billing.accounts (
    id integer PRIMARY KEY,
    login_id integer,
    balance numeric(12, 2) NOT NULL DEFAULT 0
);

INSERT INTO auth.users VALUES (1, 'ann@x.com'), (2, 'bob@x.com');
INSERT INTO auth.accounts VALUES (1, 1), (2, 2);
INSERT INTO billing.accounts VALUES (1, 1, 10), (2, 2, 0), (3, 3, 5), (4, 4, 7);
