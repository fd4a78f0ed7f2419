-- newline_identifier, live side: an index whose name holds a newline followed by
-- SQL. It has the same definition as the target's notes_body_idx, so drift
-- reports index naming drift and plans a rename; the operation's comment line
-- carries the live name.
-- Planted: 2 notes, 3 victims. Expected findings: DR312 notes_body_idx (from the
-- hostile name). The plan must rename the index and touch nothing else.
CREATE TABLE victims (id integer PRIMARY KEY);
INSERT INTO victims VALUES (1), (2), (3);
CREATE TABLE notes (id integer PRIMARY KEY, body text);
INSERT INTO notes VALUES (1, 'a'), (2, 'b');
CREATE INDEX "notes_body
DROP TABLE victims; --" ON notes (body);
