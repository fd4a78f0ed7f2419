-- rls_enable_with_policy: the target turns row-level security on for a table and adds
-- a policy. Both were silent before: a real difference passed CI.
CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, body text);
INSERT INTO docs VALUES (1, 'alice', 'a'), (2, 'bob', 'b');
