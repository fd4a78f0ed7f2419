-- index_nulls_not_distinct: a unique index NULLS NOT DISTINCT (two NULL serials would
-- collide; there is one), an existing plain unique index that becomes NULLS NOT
-- DISTINCT under the same name, and a partial NULLS NOT DISTINCT index. The rows are
-- distinct under all three (NULL counts as one value), so every guard passes.
CREATE TABLE devices (
    id integer PRIMARY KEY,
    serial text,
    owner_id integer,
    slot integer,
    retired boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX devices_owner_slot_key ON devices (owner_id, slot);
INSERT INTO devices VALUES (1, 'S1', 1, 1, false), (2, NULL, 1, NULL, true),
                           (3, 'S3', NULL, 2, false), (4, 'S4', 2, 1, true);
