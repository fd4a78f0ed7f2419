CREATE TABLE sessions (
    id integer PRIMARY KEY,
    token text NOT NULL,
    user_id integer NOT NULL,
    expires_at timestamptz,
    ip inet
);
CREATE INDEX sessions_user_idx ON sessions (user_id) INCLUDE (expires_at);
CREATE UNIQUE INDEX sessions_token_key ON sessions (token) INCLUDE (user_id, ip);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at DESC) INCLUDE (token);
