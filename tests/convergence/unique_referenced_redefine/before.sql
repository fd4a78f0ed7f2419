-- unique_referenced_redefine: a UNIQUE constraint that a foreign key references is
-- redefined under the same name (it becomes NULLS NOT DISTINCT). The FK itself does
-- not change; the key it depends on is rebuilt underneath it.
CREATE TABLE warehouses (
    id integer PRIMARY KEY,
    code text,
    CONSTRAINT warehouses_code_key UNIQUE (code)
);
CREATE TABLE bins (
    id integer PRIMARY KEY,
    warehouse_code text REFERENCES warehouses (code)
);
INSERT INTO warehouses VALUES (1, 'AMS'), (2, 'BER'), (3, NULL);
INSERT INTO bins VALUES (1, 'AMS'), (2, 'AMS'), (3, NULL);
