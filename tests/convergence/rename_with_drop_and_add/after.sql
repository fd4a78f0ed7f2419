CREATE TABLE employees (
    id integer PRIMARY KEY,
    name varchar(80) NOT NULL,
    dept integer,
    hired_on date
);
