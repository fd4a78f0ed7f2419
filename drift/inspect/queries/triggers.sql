-- User triggers (not the internal ones behind foreign keys, nor the clones a trigger
-- of a partitioned table has on each partition: tgparentid), by table and name.
SELECT n.nspname AS schema, t.tgname AS name, c.relname AS table,
       pg_get_triggerdef(t.oid, true) AS definition,
       jsonb_build_object('enabled', t.tgenabled) AS detail
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0
  AND n.nspname = ANY(%(schemas)s)
  AND c.oid <> ALL(%(skip)s::oid[])  -- locked: a WHEN clause is deparsed from it
ORDER BY 1, 3, 2;
