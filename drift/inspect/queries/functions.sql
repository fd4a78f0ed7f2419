-- Functions and procedures, keyed by name and input argument types (not parameter
-- names: renaming a parameter is a change of one function, not a new one), compared
-- by the server's own pg_get_functiondef text.
SELECT n.nspname AS schema,
       p.proname || '(' || oidvectortypes(p.proargtypes) || ')' AS name,
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
