CREATE TABLE hits (id integer PRIMARY KEY, path text NOT NULL);
CREATE MATERIALIZED VIEW hit_counts AS SELECT path, count(*) AS n, max(id) AS last_id FROM hits GROUP BY path;
