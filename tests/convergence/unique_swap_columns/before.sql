-- unique_swap_columns: a unique constraint widens from (email) to (tenant, email) under
-- the same name: the new index is built aside, the swap is one short transaction.
CREATE TABLE logins (id integer PRIMARY KEY, tenant integer NOT NULL, email text NOT NULL,
                     CONSTRAINT logins_email_key UNIQUE (email));
INSERT INTO logins VALUES (1, 1, 'a@x'), (2, 2, 'b@x');
