-- hostile_identifiers: the operator's fixes before migrating.
UPDATE "user" SET "select" = 'dup-3' WHERE id = 3;
INSERT INTO "user" (id, "select") VALUES (99, 'restored parent');
UPDATE "order" SET "Total Amount" = 0 WHERE "Total Amount" IS NULL;
