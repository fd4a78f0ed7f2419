-- rename_with_drop_and_add: one table gets everything at once: renamed (staff ->
-- employees), a column renamed (fullname -> name), a column dropped (approved, under
-- the target table name), a column added, and a column retyped.
CREATE TABLE staff (
    id integer PRIMARY KEY,
    fullname varchar(40) NOT NULL,
    pager text,
    dept smallint
);
INSERT INTO staff VALUES (1, 'Ann Lee', '555', 1), (2, 'Bo Diaz', NULL, 2), (3, 'Cy', NULL, NULL);
