-- rename_column: declared column renames (mail -> email, nick -> handle, ref -> code).
-- The renamed columns sit in a CHECK, an expression index, a partial index predicate,
-- a UNIQUE constraint, and on both ends of a foreign key (ref is referenced, and
-- referencing); an index on a renamed column also gains a column.
CREATE TABLE people (
    id integer PRIMARY KEY,
    mail text NOT NULL,
    nick text,
    ref text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    CONSTRAINT people_mail_check CHECK (mail LIKE '%@%'),
    CONSTRAINT people_ref_key UNIQUE (ref)
);
CREATE INDEX people_mail_lower_idx ON people (lower(mail));
CREATE INDEX people_nick_active_idx ON people (nick) WHERE active AND nick IS NOT NULL;
CREATE TABLE badges (
    id integer PRIMARY KEY,
    person_ref text REFERENCES people (ref)
);
INSERT INTO people VALUES (1, 'a@x', 'ann', 'P1', true), (2, 'b@x', NULL, 'P2', false),
                          (3, 'c@x', 'cy', 'P3', true);
INSERT INTO badges VALUES (1, 'P1'), (2, 'P3'), (3, NULL);
