-- hostile_names: identifiers that need quoting everywhere: reserved words ("user",
-- "order", "select", "check"), mixed case, spaces, embedded double quotes, and a
-- `$` inside and at the start of names. The target adds columns, a CHECK, a UNIQUE,
-- a FK, a partial and an expression index on them, and renames a column and the
-- table through drift.toml.
CREATE TABLE "user" (
    id integer PRIMARY KEY,
    "select" text,
    "Mixed Case" text
);
CREATE TABLE "Order Items" (
    id integer PRIMARY KEY,
    "user" integer,
    "quote""d" text,
    "price$usd" numeric(8, 2),
    "$amount" integer,
    "check" boolean
);
INSERT INTO "user" VALUES (1, 'a', 'Ann'), (2, 'b', NULL), (3, NULL, 'Cy');
INSERT INTO "Order Items" VALUES (1, 1, 'x"y', 1.50, 1, true), (2, 3, NULL, NULL, 2, NULL),
                                 (3, NULL, 'z', 0, 3, false);
