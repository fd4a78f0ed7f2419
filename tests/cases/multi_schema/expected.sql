-- multi_schema, target: two schemas with cross-schema foreign keys.
CREATE SCHEMA auth;
CREATE SCHEMA billing;

CREATE TABLE auth.users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    display_name text NOT NULL DEFAULT ''
);
CREATE TABLE auth.accounts (
    id integer PRIMARY KEY,
    user_id integer NOT NULL REFERENCES auth.users (id)
);
CREATE TABLE billing.accounts (
    id integer PRIMARY KEY,
    login_id integer,
    balance numeric(12, 2) NOT NULL DEFAULT 0,
    CONSTRAINT accounts_login_fk FOREIGN KEY (login_id) REFERENCES auth.accounts (id)
);
CREATE TABLE billing.payments (
    id integer PRIMARY KEY,
    account_id integer NOT NULL REFERENCES billing.accounts (id),
    paid_by integer REFERENCES auth.users (id),
    amount numeric(12, 2) NOT NULL CHECK (amount > 0)
);
CREATE INDEX payments_account_idx ON billing.payments (account_id);
