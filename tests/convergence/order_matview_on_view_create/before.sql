-- order_matview_on_view_create: the target adds a view and a materialized view that
-- reads it, the matview's name first (a_summary reads z_active): the view must exist
-- before the matview is created.
CREATE TABLE accounts (id integer PRIMARY KEY, active boolean NOT NULL, balance integer NOT NULL);
INSERT INTO accounts VALUES (1, true, 10), (2, false, 5), (3, true, 7);
