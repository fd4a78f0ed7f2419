-- rename_in_expressions: the operator's fixes before migrating.
UPDATE t SET mail = 'c@x', nick = '-' WHERE id = 2;
