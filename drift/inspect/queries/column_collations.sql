-- Columns whose collation is not their type's default (COLLATE in the DDL), as a
-- qualified, quoted name; a column at its type's default collation is not listed.
SELECT n.nspname AS schema, c.relname AS table, a.attname AS name,
       quote_ident(cn.nspname) || '.' || quote_ident(co.collname) AS collation
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_collation co ON co.oid = a.attcollation
JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attcollation <> 0 AND a.attcollation <> t.typcollation
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3;
