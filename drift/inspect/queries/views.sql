-- Views and materialized views, compared by pg_get_viewdef.
SELECT n.nspname AS schema, c.relname AS name, NULL::text AS table,
       pg_get_viewdef(c.oid, true) AS definition,
       jsonb_build_object('materialized', c.relkind = 'm') AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY(%(schemas)s)
  AND c.oid <> ALL(%(skip)s::oid[])  -- pg_get_viewdef opens the view and what it reads
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2;
