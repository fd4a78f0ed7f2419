-- inh_missing_parent_column: the target adds a column (NOT NULL with a default) and a
-- CHECK to an INHERITS parent; the children get both from the parent, so drift plans
-- them on the parent only, and reports nothing on the children.
CREATE TABLE animals (
    id integer PRIMARY KEY,
    name text
);
CREATE TABLE cats () INHERITS (animals);
CREATE TABLE dogs (good boolean) INHERITS (animals);
INSERT INTO animals VALUES (1, 'x');
INSERT INTO cats VALUES (2, 'tom');
INSERT INTO dogs VALUES (3, 'rex', true);
