-- Tables and their columns, in attribute order. A table with no columns yields one
-- row whose column fields are NULL. Per-table values are computed once per table in
-- the CTE, not once per column; comments are joined, not looked up row by row.
-- pg_get_expr opens the table: the tables in %(skip)s (locked by another session)
-- are listed without their default and generated expressions.
WITH tables AS MATERIALIZED (
    SELECT c.oid, n.nspname, c.relname,
           greatest(c.reltuples, 0)::bigint AS estimated_rows,
           td.description AS table_comment
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_description td ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass
                               AND td.objsubid = 0
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND n.nspname = ANY(%(schemas)s)
      AND NOT EXISTS (SELECT 1 FROM pg_depend e
                      WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                        AND e.deptype = 'e')
),
owned AS (
    SELECT dep.refobjid, dep.refobjsubid
    FROM pg_depend dep
    JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
    WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
      AND dep.deptype = 'a'
)
SELECT t.nspname::text COLLATE "C" AS schema,  -- text, not name (64 bytes each): the
       t.relname::text COLLATE "C" AS table,   -- sorted rows stay in memory; "C": name's order
       t.estimated_rows,
       t.table_comment,
       a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable,
       CASE WHEN a.attgenerated = '' AND t.oid <> ALL(%(skip)s::oid[])
            THEN pg_get_expr(d.adbin, d.adrelid) END AS "default",
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by_default' END AS identity,
       CASE WHEN a.attgenerated <> '' AND t.oid <> ALL(%(skip)s::oid[])
            THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
       cd.description AS comment,
       EXISTS (SELECT 1 FROM owned o
               WHERE o.refobjid = t.oid AND o.refobjsubid = a.attnum) AS owns_sequence
FROM tables t
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
LEFT JOIN pg_description cd ON cd.objoid = t.oid AND cd.classoid = 'pg_class'::regclass
                           AND cd.objsubid = a.attnum
ORDER BY 1, 2, a.attnum;
