-- hostile_identifiers, target: see live.sql for what live lacks.
CREATE TABLE "user" (
    id integer PRIMARY KEY,
    "select" text,
    "Mixed Case" text,
    "with ""quote""" text,
    CONSTRAINT "User ""select"" key" UNIQUE ("select"),
    CONSTRAINT "with ""quote"" <> ''" CHECK ("with ""quote""" <> '')
);
COMMENT ON TABLE "user" IS '<script>alert(1)</script>';
COMMENT ON COLUMN "user"."select" IS '<script>alert("x")</script> ''single'' "double"';

CREATE TABLE "order" (
    id integer PRIMARY KEY,
    "user" integer NOT NULL,
    "Total Amount" numeric(10, 2) NOT NULL,
    "Ship To ""Address""" text NOT NULL DEFAULT 'n/a',
    CONSTRAINT "fk ""order"" → user" FOREIGN KEY ("user") REFERENCES "user" (id)
);
CREATE INDEX "Order Index ""x""" ON "order" ("user", "Total Amount" DESC);
COMMENT ON COLUMN "order"."Ship To ""Address"""
    IS '<script>alert(3)</script>';

CREATE TABLE "<script>alert(1)</script>" (
    id integer PRIMARY KEY,
    "<script>alert(1)</script>" text,
    "<img src=x onerror=alert(1)>" integer NOT NULL DEFAULT 0
);
COMMENT ON COLUMN "<script>alert(1)</script>"."<script>alert(1)</script>"
    IS '</script><script>alert(2)</script>';
CREATE INDEX "idx <script>" ON "<script>alert(1)</script>" (lower("<script>alert(1)</script>"));
