-- order_trigger_function_create: the target adds a trigger function and the trigger that
-- calls it (the trigger's name sorts first): the function exists before the trigger.
CREATE TABLE docs (id integer PRIMARY KEY, title text NOT NULL, slug text);
INSERT INTO docs VALUES (1, 'Hello World', NULL), (2, 'Second', NULL);
