-- multi_schema: give the orphaned billing accounts their logins.
INSERT INTO auth.accounts VALUES (3, 1), (4, 2);
