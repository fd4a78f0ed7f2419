-- inh_missing_child: the target has a new INHERITS child: created with its own
-- columns only and INHERITS (parent), so its inherited columns and CHECK are the
-- parent's (not local copies).
CREATE TABLE docs (
    id integer PRIMARY KEY,
    title text NOT NULL CHECK (title <> '')
);
INSERT INTO docs VALUES (1, 'a'), (2, 'b');
