-- fk_check_notnull, live side: books without its foreign keys, CHECK and NOT NULL,
-- with an old varchar length, an old default and a column still to add.
--
-- books rows (id: author, publisher, category, pages, title, series_id/series_no):
--   1: 1,    10,   100,  100, 'A',  1/1
--   2: 2,    20,   NULL, NULL, NULL, 1/NULL
--   3: 3,    10,   100,  0,   'C',  NULL/5
--   4: 3,    30,   200,  -5,  NULL, 1/9
--   5: 4,    30,   200,  12,  'E',  1/9
--   6: NULL, NULL, 300,  1,   NULL, 2/1
-- parents: authors 1, 2; publishers 10, 20; categories 100; series_parts (1,1), (1,2)
--
-- Expected blockers (a NULL key is never an orphan, MATCH SIMPLE; NULL passes a CHECK):
--   books_author_fk      DR403 3 orphan rows: author 3 x2 (ids 3, 4), author 4 x1 (id 5)
--   books_publisher_fk   DR403 2 orphan rows: publisher 30 x2 (ON DELETE CASCADE)
--   books_category_fk    DR403 3 orphan rows: category 200 x2, 300 x1 (DEFERRABLE
--                        INITIALLY DEFERRED); id 2's NULL is not one
--   books_series_fk      DR403 3 orphan rows: (1, 9) x2, (2, 1) x1; (1, NULL) and
--                        (NULL, 5) are not orphans
--   books_pages_check    DR404 2 violating rows: ids 3 (0) and 4 (-5); id 2 (NULL) passes
--   title NOT NULL       DR402 3 NULL rows: ids 2, 4, 6
-- Schema-only findings: isbn varchar(20) -> varchar(50) (DR103), status default
-- 'draft' -> 'new' (DR106), in_print boolean NOT NULL DEFAULT true missing (DR102,
-- no blocker: the default fills existing rows).
CREATE TABLE authors (id integer PRIMARY KEY, name text);
CREATE TABLE publishers (id integer PRIMARY KEY, name text);
CREATE TABLE categories (id integer PRIMARY KEY, name text);
CREATE TABLE series_parts (series_id integer, no integer, PRIMARY KEY (series_id, no));

CREATE TABLE books (
    id integer PRIMARY KEY,
    author_id integer,
    publisher_id integer,
    category_id integer,
    pages integer,
    isbn varchar(20),
    title text,
    status text NOT NULL DEFAULT 'draft',
    series_id integer,
    series_no integer
);

INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO publishers VALUES (10, 'P10'), (20, 'P20');
INSERT INTO categories VALUES (100, 'C100');
INSERT INTO series_parts VALUES (1, 1), (1, 2);
INSERT INTO books (id, author_id, publisher_id, category_id, pages, isbn, title, status,
                   series_id, series_no) VALUES
    (1, 1, 10, 100, 100, 'isbn-1', 'A', 'draft', 1, 1),
    (2, 2, 20, NULL, NULL, 'isbn-2', NULL, 'draft', 1, NULL),
    (3, 3, 10, 100, 0, 'isbn-3', 'C', 'sold', NULL, 5),
    (4, 3, 30, 200, -5, NULL, NULL, 'draft', 1, 9),
    (5, 4, 30, 200, 12, 'isbn-5', 'E', 'draft', 1, 9),
    (6, NULL, NULL, 300, 1, 'isbn-6', NULL, 'draft', 2, 1);
