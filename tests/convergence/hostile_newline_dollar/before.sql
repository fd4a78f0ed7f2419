-- hostile_newline_dollar: names that break naive SQL generation: a newline inside a
-- table, column and index name (followed by SQL, so a comment line that carries it
-- unescaped would run it), dollar-quote tags inside names ($drift_step$,
-- $drift_guard$, $$), and a single quote. The target adds a column, a NOT NULL, a
-- UNIQUE, a CHECK and indexes on them; victims must keep its rows.
CREATE TABLE victims (id integer PRIMARY KEY);
CREATE TABLE "notes
DROP TABLE victims; --" (
    id integer PRIMARY KEY,
    "body
DROP TABLE victims; --" text,
    "x$drift_step$y" integer,
    "it's" text
);
INSERT INTO victims VALUES (1), (2), (3);
INSERT INTO "notes
DROP TABLE victims; --" VALUES (1, 'a', 1, 'q'), (2, 'b', 2, 'r'), (3, NULL, 3, 's');
