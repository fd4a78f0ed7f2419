-- index_expression: expression indexes: lower(), a two-column arithmetic expression,
-- coalesce() mixed with a plain column, a cast, and a unique expression index; one
-- existing expression index changes its expression under the same name.
CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL,
    first_name text,
    last_name text,
    a integer,
    b integer,
    born timestamptz
);
CREATE INDEX users_name_idx ON users (lower(last_name));
INSERT INTO users VALUES (1, 'A@x.com', 'Ann', 'Lee', 1, 2, '1990-01-01'),
                         (2, 'b@x.com', NULL, 'Lee', NULL, 5, NULL),
                         (3, 'c@x.com', 'Cy', NULL, 3, 3, '2001-05-05');
