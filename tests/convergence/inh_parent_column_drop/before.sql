-- inh_parent_column_drop: a parent's column leaves the target (drop approved) and its
-- INHERITS child has it only by inheritance: one DROP COLUMN on the parent takes the
-- child's along; drift reports and plans it once, never on the child.
CREATE TABLE vehicles (
    id integer PRIMARY KEY,
    maker text,
    fax text
);
CREATE TABLE trucks (
    payload integer
) INHERITS (vehicles);
INSERT INTO vehicles VALUES (1, 'a', 'f1');
INSERT INTO trucks VALUES (2, 'b', 'f2', 10), (3, 'c', NULL, 20);
