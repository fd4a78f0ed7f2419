-- col_nullability: NOT NULL added (one column already full, one with NULLs that
-- resolve.sql fills) and NOT NULL dropped.
CREATE TABLE members (
    id integer PRIMARY KEY,
    email text,
    phone text,
    nickname text NOT NULL
);
INSERT INTO members VALUES (1, 'a@x', NULL, 'a'), (2, 'b@x', '555', 'b'),
                           (3, 'c@x', NULL, 'c');
