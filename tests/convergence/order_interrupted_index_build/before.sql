-- order_interrupted_index_build: an interrupted CREATE UNIQUE INDEX CONCURRENTLY left the
-- target's unique index INVALID: dropped, then built again, in that order.
CREATE TABLE tokens (id integer PRIMARY KEY, token text NOT NULL, owner integer);
INSERT INTO tokens VALUES (1, 't1', 1), (2, 't2', NULL);
CREATE UNIQUE INDEX tokens_token_idx ON tokens (token);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'tokens_token_idx'::regclass;
