-- index_leftovers: indexes the target no longer has: an extra plain index (DR212,
-- defer), a legacy unique index (DR211), a partial and an expression index; an index
-- that only changes name is renamed, not rebuilt (DR312).
CREATE TABLE carts (
    id integer PRIMARY KEY,
    user_id integer NOT NULL,
    coupon text,
    note text
);
CREATE INDEX carts_user_idx ON carts (user_id);
CREATE UNIQUE INDEX carts_coupon_key ON carts (coupon);
CREATE INDEX carts_note_partial_idx ON carts (note) WHERE note IS NOT NULL;
CREATE INDEX carts_note_lower_idx ON carts (lower(note));
CREATE INDEX carts_old_name ON carts (coupon, user_id);
INSERT INTO carts VALUES (1, 1, 'X', NULL), (2, 1, NULL, 'gift'), (3, 2, 'Y', 'rush');
