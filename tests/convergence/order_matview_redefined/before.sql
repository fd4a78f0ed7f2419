-- order_matview_redefined: a materialized view's query changes. There is no CREATE OR
-- REPLACE MATERIALIZED VIEW: it is dropped and created again.
CREATE TABLE hits (id integer PRIMARY KEY, path text NOT NULL);
INSERT INTO hits VALUES (1, '/'), (2, '/a'), (3, '/');
CREATE MATERIALIZED VIEW hit_counts AS SELECT path, count(*) AS n FROM hits GROUP BY path;
