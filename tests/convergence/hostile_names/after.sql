CREATE TABLE "user" (
    id integer PRIMARY KEY,
    "select" text,
    "mixed case" text,
    "Default" text DEFAULT 'it''s',
    CONSTRAINT "user ""select"" key" UNIQUE ("select")
);
CREATE TABLE "Order Lines" (
    id integer PRIMARY KEY,
    "user" integer,
    "quote""d" text,
    "price$usd" numeric(8, 2),
    "$amount" integer,
    "check" boolean,
    "Where" text,
    CONSTRAINT "$amount positive" CHECK ("$amount" > 0 AND "price$usd" >= 0),
    CONSTRAINT "fk ""user""" FOREIGN KEY ("user") REFERENCES "user" (id) ON DELETE SET NULL
);
CREATE INDEX "Order Lines ""quote"" idx" ON "Order Lines" (lower("quote""d"))
    WHERE "check";
CREATE INDEX "idx$price" ON "Order Lines" ("price$usd" DESC, "$amount");
