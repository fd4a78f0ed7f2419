-- Standalone sequences; those owned by a serial or identity column belong to it.
SELECT n.nspname AS schema, c.relname AS name, NULL::text AS table,
       concat_ws(' ', format_type(s.seqtypid, NULL), 'INCREMENT', s.seqincrement,
                 'MINVALUE', s.seqmin, 'MAXVALUE', s.seqmax, 'START', s.seqstart,
                 'CACHE', s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' END) AS definition,
       jsonb_build_object('type', format_type(s.seqtypid, NULL), 'increment', s.seqincrement,
                          'min', s.seqmin, 'max', s.seqmax, 'start', s.seqstart,
                          'cache', s.seqcache, 'cycle', s.seqcycle) AS detail
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
ORDER BY 1, 2;
