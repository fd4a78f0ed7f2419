-- hostile_apostrophe_rename: a column whose name holds an apostrophe ("o'clock") sits
-- in a CHECK and an index predicate next to a renamed column (mail -> email). The
-- server prints the expressions with "o'clock" quoted as an identifier; the rename
-- must still reach mail, and the plan must be written in live names.
CREATE TABLE alarms (
    id integer PRIMARY KEY,
    "o'clock" integer NOT NULL,
    mail text NOT NULL
);
INSERT INTO alarms VALUES (1, 7, 'a@x'), (2, 12, 'b@x'), (3, 23, 'c@x');
