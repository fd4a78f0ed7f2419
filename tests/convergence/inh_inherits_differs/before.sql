-- inh_inherits_differs: one table should inherit a parent it does not (it has every
-- column but one, which is added first), another should stop inheriting one: ALTER
-- TABLE ... INHERIT / NO INHERIT, catalog-only, rows kept.
CREATE TABLE base (
    id integer NOT NULL,
    created date
);
CREATE TABLE extra (
    id integer NOT NULL,
    note text,
    tag text
);
CREATE TABLE child (
    id integer NOT NULL,
    note text
);
CREATE TABLE other (
    id integer NOT NULL,
    note text,
    created date,
    size integer
) ;
ALTER TABLE other INHERIT base;
INSERT INTO base VALUES (1, '2024-01-01');
INSERT INTO extra VALUES (2, 'e', 't');
INSERT INTO child VALUES (3, 'c');
INSERT INTO other VALUES (4, 'o', '2024-02-02', 5);
