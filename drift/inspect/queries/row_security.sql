-- Tables with row-level security enabled (and whether it is forced on the owner too):
-- one object per such table, absent when it is off.
SELECT n.nspname AS schema, c.relname AS name, c.relname AS table,
       CASE WHEN c.relforcerowsecurity THEN 'enabled, forced' ELSE 'enabled' END AS definition,
       jsonb_build_object('forced', c.relforcerowsecurity) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2;
