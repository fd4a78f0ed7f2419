CREATE TABLE clicks (id integer PRIMARY KEY, page text NOT NULL);
CREATE SEQUENCE ticket_numbers AS bigint START WITH 1000;
CREATE MATERIALIZED VIEW page_clicks AS SELECT page, count(*) AS n FROM clicks GROUP BY page;
