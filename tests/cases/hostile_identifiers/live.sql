-- hostile_identifiers, live side: reserved words ("user", "order", "select"),
-- mixed case, spaces, embedded double quotes, and <script>alert(1)</script> as a
-- table name, a column name and in COMMENTs (on both sides: drift does not diff
-- comments, the report must only escape them).
-- Live lacks, against expected.sql:
--   "user":   unique constraint "User ""select"" key" on ("select"); CHECK on
--             "with ""quote""" (no violators: NULL passes)
--   "order":  column "Ship To ""Address""" (NOT NULL DEFAULT 'n/a'); index
--             "Order Index ""x""" ("user", "Total Amount" DESC); FK
--             "fk ""order"" → user"; NOT NULL on "Total Amount"
--   "<script>alert(1)</script>": column "<img src=x onerror=alert(1)>"
--             (NOT NULL DEFAULT 0); expression index "idx <script>" on
--             lower("<script>alert(1)</script>")
-- Planted data and expected blocker counts:
--   "user"."select": 'dup' twice (ids 2, 3), 'a' once, NULL once
--       -> DR401 1 group, 2 rows, sample {"select": "dup"} x2
--   "order"."user": 99 has no parent (order ids 3 and 4)
--       -> DR403 2 orphan rows, sample {"user": 99} x2
--   "order"."Total Amount": NULL in order id 4
--       -> DR402 1 null row, sample {"id": 4}
-- resolve.sql: renames the second 'dup', adds "user" 99, fills the NULL.
CREATE TABLE "user" (
    id integer PRIMARY KEY,
    "select" text,
    "Mixed Case" text,
    "with ""quote""" text
);
COMMENT ON TABLE "user" IS '<script>alert(1)</script>';
COMMENT ON COLUMN "user"."select" IS '<script>alert("x")</script> ''single'' "double"';

CREATE TABLE "order" (
    id integer PRIMARY KEY,
    "user" integer NOT NULL,
    "Total Amount" numeric(10, 2)
);

CREATE TABLE "<script>alert(1)</script>" (
    id integer PRIMARY KEY,
    "<script>alert(1)</script>" text
);
COMMENT ON COLUMN "<script>alert(1)</script>"."<script>alert(1)</script>"
    IS '</script><script>alert(2)</script>';

INSERT INTO "user" (id, "select", "Mixed Case", "with ""quote""")
VALUES (1, 'a', 'Ann', 'ok'), (2, 'dup', 'Bob', NULL), (3, 'dup', 'bob', 'x'),
       (4, NULL, NULL, NULL);
INSERT INTO "order" (id, "user", "Total Amount")
VALUES (1, 1, 10.00), (2, 2, 0), (3, 99, 5), (4, 99, NULL);
INSERT INTO "<script>alert(1)</script>" VALUES (1, '<b>bold</b>'), (2, NULL);
