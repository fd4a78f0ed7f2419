CREATE TABLE words (id integer PRIMARY KEY, word text COLLATE "C" NOT NULL, note text);
CREATE INDEX words_word_idx ON words (word);
