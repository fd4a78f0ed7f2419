-- collation_changed: a column moves to the "C" collation, another goes back to its
-- type's default; both were silent before (DR109 now).
CREATE TABLE words (id integer PRIMARY KEY, word text NOT NULL, note text COLLATE "C");
CREATE INDEX words_word_idx ON words (word);
INSERT INTO words VALUES (1, 'b', 'x'), (2, 'A', NULL);
