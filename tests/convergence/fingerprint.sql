-- What a second run of a completed plan must leave exactly as it was: every user
-- relation's oid and storage (a rebuilt index or view gets a new oid, a rewritten
-- table a new relfilenode), every constraint's and user type's oid, and every
-- function's, trigger's and policy's oid.
SELECT 'class' AS what, n.nspname || '.' || c.relname || ':' || c.relkind::text AS name,
       c.oid::text || '/' || c.relfilenode::text AS identity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
UNION ALL
SELECT 'constraint', n.nspname || '.' || coalesce(c.relname, t.typname, '') || '.' || k.conname,
       k.oid::text || '/' || k.convalidated::text
FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
LEFT JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
UNION ALL
SELECT 'type', n.nspname || '.' || t.typname, t.oid::text
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd') AND n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE 'pg\_%'
UNION ALL
SELECT 'function', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       p.oid::text
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
UNION ALL
SELECT 'trigger', n.nspname || '.' || c.relname || '.' || t.tgname, t.oid::text
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
UNION ALL
SELECT 'policy', n.nspname || '.' || c.relname || '.' || p.polname, p.oid::text
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
ORDER BY 1, 2;
