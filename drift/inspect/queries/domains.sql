-- Domains: base type, NOT NULL, default and named CHECK constraints.
SELECT n.nspname AS schema, t.typname AS name, NULL::text AS table,
       concat_ws(' | ', format_type(t.typbasetype, t.typtypmod),
                 CASE WHEN t.typnotnull THEN 'NOT NULL' END,
                 'DEFAULT ' || t.typdefault,
                 (SELECT string_agg(c.conname || ' ' || pg_get_constraintdef(c.oid, true), ' | '
                                    ORDER BY c.conname)
                  FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c')) AS definition,
       jsonb_build_object(
           'base', format_type(t.typbasetype, t.typtypmod),
           'not_null', t.typnotnull,
           'default', t.typdefault,
           'checks', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                   'name', c.conname,
                                   'definition', pg_get_constraintdef(c.oid, true),
                                   'validated', c.convalidated) ORDER BY c.conname)
                               FROM pg_constraint c
                               WHERE c.contypid = t.oid AND c.contype = 'c'), '[]'::jsonb)
       ) AS detail
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2;
