-- index_semantics: make one row of every counted duplicate group distinct.
UPDATE accounts SET handle = 'h1-b' WHERE id = 2;
UPDATE accounts SET email = 'a2@x.com' WHERE id = 2;
UPDATE accounts SET email = 'b4@x.com' WHERE id = 4;
UPDATE accounts SET email = 'b5@x.com' WHERE id = 5;
UPDATE memberships SET code = 'n2' WHERE id = 2;
UPDATE memberships SET org_id = 3 WHERE id = 4;
UPDATE memberships SET slug = 's7' WHERE id = 7;
UPDATE events SET ext_id = 'e1-b' WHERE id = 2;
