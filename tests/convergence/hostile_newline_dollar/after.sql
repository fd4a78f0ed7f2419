CREATE TABLE victims (id integer PRIMARY KEY);
CREATE TABLE "notes
DROP TABLE victims; --" (
    id integer PRIMARY KEY,
    "body
DROP TABLE victims; --" text,
    "x$drift_step$y" integer NOT NULL,
    "it's" text,
    "$$" text DEFAULT '$$',
    CONSTRAINT "uq $drift_guard$" UNIQUE ("x$drift_step$y"),
    CONSTRAINT "it's positive" CHECK ("x$drift_step$y" > 0 AND "it's" <> '''')
);
CREATE INDEX "idx
DROP TABLE victims; --" ON "notes
DROP TABLE victims; --" ("body
DROP TABLE victims; --") WHERE "it's" IS NOT NULL;
CREATE INDEX "idx $$ quote'" ON "notes
DROP TABLE victims; --" (("x$drift_step$y" * 2));
