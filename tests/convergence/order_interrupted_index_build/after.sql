CREATE TABLE tokens (id integer PRIMARY KEY, token text NOT NULL, owner integer);
CREATE UNIQUE INDEX tokens_token_idx ON tokens (token);
