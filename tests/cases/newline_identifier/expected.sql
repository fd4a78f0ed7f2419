-- newline_identifier, target.
CREATE TABLE victims (id integer PRIMARY KEY);
CREATE TABLE notes (id integer PRIMARY KEY, body text);
CREATE INDEX notes_body_idx ON notes (body);
