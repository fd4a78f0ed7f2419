-- order_trigger_on_new_column: the target adds a column, a function that writes it and
-- a column-specific trigger on it: column, function, trigger, in that order.
CREATE TABLE items (id integer PRIMARY KEY, price integer NOT NULL);
INSERT INTO items VALUES (1, 10), (2, 20);
