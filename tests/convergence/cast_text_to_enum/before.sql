-- cast_text_to_enum: a text column becomes an enum (every value is a label).
CREATE TABLE orders (id integer PRIMARY KEY, state text NOT NULL);
INSERT INTO orders VALUES (1, 'open'), (2, 'paid');
