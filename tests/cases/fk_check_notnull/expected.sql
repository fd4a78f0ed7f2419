-- fk_check_notnull, target.
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
    isbn varchar(50),
    title text NOT NULL,
    status text NOT NULL DEFAULT 'new',
    series_id integer,
    series_no integer,
    in_print boolean NOT NULL DEFAULT true,
    CONSTRAINT books_author_fk FOREIGN KEY (author_id) REFERENCES authors (id),
    CONSTRAINT books_publisher_fk FOREIGN KEY (publisher_id) REFERENCES publishers (id)
        ON DELETE CASCADE,
    CONSTRAINT books_category_fk FOREIGN KEY (category_id) REFERENCES categories (id)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT books_series_fk FOREIGN KEY (series_id, series_no)
        REFERENCES series_parts (series_id, no),
    CONSTRAINT books_pages_check CHECK (pages > 0)
);
