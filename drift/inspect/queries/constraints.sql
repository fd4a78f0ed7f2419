-- Primary key, unique, foreign key, CHECK and EXCLUDE constraints, with their
-- columns in key order. NOT NULL constraints (contype 'n', PostgreSQL 18) are read
-- as column nullability instead.
SELECT n.nspname AS schema,
       c.relname AS table,
       con.conname AS name,
       con.contype AS kind,
       ARRAY(SELECT a.attname
             FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord)::text[] AS columns,
       pg_get_constraintdef(con.oid, true) AS definition,
       fn.nspname AS ref_schema,
       fc.relname AS ref_table,
       ARRAY(SELECT a.attname
             FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord)::text[] AS ref_columns,
       nullif(con.confupdtype, ' ') AS on_update,
       nullif(con.confdeltype, ' ') AS on_delete,
       nullif(con.confmatchtype, ' ') AS match,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       con.convalidated AS validated,
       coalesce(ix.indnullsnotdistinct, false) AS nulls_not_distinct,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS check_expr
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u')
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND c.relkind IN ('r', 'p')
  AND n.nspname = ANY(%(schemas)s)
ORDER BY n.nspname, c.relname, con.conname;
