CREATE TABLE warehouses (
    id integer PRIMARY KEY,
    code text,
    CONSTRAINT warehouses_code_key UNIQUE NULLS NOT DISTINCT (code)
);
CREATE TABLE bins (
    id integer PRIMARY KEY,
    warehouse_code text REFERENCES warehouses (code)
);
