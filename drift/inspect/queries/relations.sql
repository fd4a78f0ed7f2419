-- The relations whose definitions the other queries deparse, read without opening
-- them (no lock): tables for columns, constraints and indexes, views for views.
SELECT c.oid, n.nspname AS schema, c.relname AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = ANY(%(kinds)s::"char"[])
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 2, 3;
