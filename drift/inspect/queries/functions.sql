-- Functions and procedures, keyed by name and identity arguments, compared by the
-- server's own pg_get_functiondef text.
SELECT n.nspname AS schema,
       p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
       NULL::text AS table,
       pg_get_functiondef(p.oid) AS definition,
       jsonb_build_object('kind', p.prokind) AS detail
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2;
