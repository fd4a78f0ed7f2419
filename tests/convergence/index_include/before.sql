-- index_include: covering indexes: a new INCLUDE index, a new unique INCLUDE index
-- (uniqueness on the key only, the INCLUDE values repeat), and an existing index that
-- gains an INCLUDE column under the same name.
CREATE TABLE sessions (
    id integer PRIMARY KEY,
    token text NOT NULL,
    user_id integer NOT NULL,
    expires_at timestamptz,
    ip inet
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
INSERT INTO sessions VALUES (1, 't1', 7, '2030-01-01', '10.0.0.1'),
                            (2, 't2', 7, '2030-01-01', '10.0.0.1'),
                            (3, 't3', 8, NULL, NULL);
