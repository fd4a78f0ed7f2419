CREATE TABLE reviews (
    id integer PRIMARY KEY,
    book_id integer,
    stars smallint
);
