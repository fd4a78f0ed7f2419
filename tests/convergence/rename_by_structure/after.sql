CREATE TABLE accounts (
    id integer CONSTRAINT accounts_pkey PRIMARY KEY,
    login text NOT NULL CONSTRAINT accounts_login_key UNIQUE,
    balance integer NOT NULL CONSTRAINT accounts_balance_check CHECK (balance >= 0),
    parent_id integer CONSTRAINT accounts_parent_id_fkey REFERENCES accounts (id),
    closed_at timestamptz
);
CREATE INDEX accounts_parent_id_idx ON accounts (parent_id);
CREATE INDEX accounts_closed_idx ON accounts (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX accounts_login_lower_idx ON accounts (lower(login));
