-- missing_schema, target: a table in a schema the live database does not have yet.
CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2));
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily_totals (day date PRIMARY KEY, total numeric(12, 2) NOT NULL);
