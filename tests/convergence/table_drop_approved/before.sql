-- table_drop_approved: two tables leave the target, both drops approved: a parent
-- (authors) and the child that references it (books). A kept table (reviews) loses
-- its FK to books, and keeps its rows.
CREATE TABLE authors (id integer PRIMARY KEY, name text);
CREATE TABLE books (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES authors (id),
    title text
);
CREATE TABLE reviews (
    id integer PRIMARY KEY,
    book_id integer REFERENCES books (id),
    stars smallint
);
INSERT INTO authors VALUES (1, 'le guin'), (2, 'lem');
INSERT INTO books VALUES (1, 1, 'the dispossessed'), (2, 2, 'solaris');
INSERT INTO reviews VALUES (1, 1, 5), (2, 2, 4), (3, NULL, 3);
