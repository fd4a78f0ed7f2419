-- Extensions (plpgsql, always present, is left out).
SELECT n.nspname AS schema, e.extname AS name, NULL::text AS table,
       e.extname AS definition, jsonb_build_object('version', e.extversion) AS detail
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 2;
