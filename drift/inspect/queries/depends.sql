-- Dependencies between the objects drift plans (pg_depend, with a view's rewrite rule
-- standing for the view): the planner orders creates after what they use and drops
-- before it. Each end is a node (kind, schema, table, name), keyed like the model:
-- a column is (column, schema, table, name), a constraint and a trigger carry their
-- table, everything else has table ''. Only normal and automatic dependencies count
-- (internal ones tie an object to its own parts), and only between two objects of
-- the schemas read.
WITH node AS MATERIALIZED (
    SELECT 'pg_class'::regclass AS classid, c.oid AS objid, 0 AS objsubid,
           CASE WHEN c.relkind IN ('r', 'p', 'f') THEN 'table'
                WHEN c.relkind IN ('v', 'm') THEN 'view'
                WHEN c.relkind IN ('i', 'I') THEN 'index'
                ELSE 'sequence' END AS kind,
           n.nspname::text AS schema, ''::text AS tbl, c.relname::text AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'i', 'I', 'S') AND n.nspname = ANY(%(schemas)s)
    UNION ALL
    SELECT 'pg_class'::regclass, a.attrelid, a.attnum, 'column', n.nspname, c.relname, a.attname
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f')
      AND n.nspname = ANY(%(schemas)s)
    UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, 0, 'view', n.nspname, '', c.relname
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(%(schemas)s)
    UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 0, 'function', n.nspname, '',
           p.proname || '(' || oidvectortypes(p.proargtypes) || ')'
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY(%(schemas)s)
    UNION ALL
    SELECT 'pg_trigger'::regclass, t.oid, 0, 'trigger', n.nspname, c.relname, t.tgname
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND n.nspname = ANY(%(schemas)s)
    UNION ALL
    SELECT 'pg_constraint'::regclass, k.oid, 0, 'constraint', n.nspname, c.relname, k.conname
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s)
    UNION ALL
    SELECT 'pg_type'::regclass, t.oid, 0, CASE t.typtype WHEN 'e' THEN 'enum' ELSE 'domain' END,
           n.nspname, '', t.typname
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('e', 'd') AND n.nspname = ANY(%(schemas)s)
)
-- Each dependency on a column also stands for one on its table (objsubid 0): `pairs`
-- lists both, so that both ends join `node` on equal keys (hash joins, no filter).
, pairs AS (
    SELECT d.classid, d.objid, d.refclassid, d.refobjid, 0 AS refobjsubid
    FROM pg_depend d WHERE d.deptype IN ('n', 'a')
    UNION ALL
    SELECT d.classid, d.objid, d.refclassid, d.refobjid, d.refobjsubid
    FROM pg_depend d WHERE d.deptype IN ('n', 'a') AND d.refobjsubid <> 0
)
SELECT a.kind, a.schema, a.tbl AS table, a.name,
       b.kind AS ref_kind, b.schema AS ref_schema, b.tbl AS ref_table, b.name AS ref_name
FROM pairs d
JOIN node a ON a.classid = d.classid AND a.objid = d.objid AND a.objsubid = 0
JOIN node b ON b.classid = d.refclassid AND b.objid = d.refobjid
           AND b.objsubid = d.refobjsubid
WHERE (a.kind, a.schema, a.tbl, a.name) <> (b.kind, b.schema, b.tbl, b.name);
-- No DISTINCT or ORDER BY: the reader drops repeats and sorts (Python's order of str
-- is the byte order of "C" these name columns sort by; kinds are lowercase words),
-- which costs less than the server's sort of every pair (an external merge at the
-- default work_mem with 2,000 tables).
