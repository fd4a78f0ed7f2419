-- Enum types with their labels in sort order.
SELECT n.nspname AS schema, t.typname AS name, NULL::text AS table,
       array_to_string(array_agg(e.enumlabel ORDER BY e.enumsortorder), ',') AS definition,
       jsonb_build_object('labels', array_agg(e.enumlabel ORDER BY e.enumsortorder)) AS detail
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
GROUP BY n.nspname, t.typname
ORDER BY 1, 2;
