-- Columns and CHECK constraints a table has from an INHERITS parent (or a partition
-- from its parent): attinhcount / coninhcount > 0. They are compared on the parent,
-- and a change there reaches them; drift never plans them on the child.
SELECT n.nspname AS schema, c.relname AS table, 'column' AS kind, a.attname::text AS name
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount > 0
  AND c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s)
UNION ALL
SELECT n.nspname, c.relname, 'constraint', k.conname::text
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.coninhcount > 0 AND c.relkind IN ('r', 'p') AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3, 4;
