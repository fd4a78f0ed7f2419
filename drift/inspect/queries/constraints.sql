-- Primary key, unique, foreign key, CHECK and EXCLUDE constraints, with their
-- columns in key order. NOT NULL constraints (contype 'n', PostgreSQL 18) are read
-- as column nullability instead. Key columns are resolved as sets (one unnest for
-- all constraints), not with a subquery per constraint. `definition` is exact
-- (non-pretty) because DDL is built from it; `check_expr` is pretty because it is
-- compared: pretty printing normalises the shape of AND/OR chains, which no DDL text
-- can reproduce (BETWEEN becomes a nested AND that the parser would flatten).
WITH con AS MATERIALIZED (
    SELECT con.oid, con.conname, con.contype, con.conrelid, con.confrelid, con.conkey,
           con.confkey, con.confdelsetcols, con.confupdtype, con.confdeltype, con.confmatchtype,
           con.condeferrable, con.condeferred, con.convalidated, con.conindid,
           n.nspname, c.relname
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
      AND c.relkind IN ('r', 'p')
      AND n.nspname = ANY(%(schemas)s)
      AND c.oid <> ALL(%(skip)s::oid[])  -- locked: pg_get_constraintdef/expr open it
),
cols AS (
    SELECT con.oid,
           array_agg(a.attname::text ORDER BY k.ord) AS columns
    FROM con
    CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
    GROUP BY con.oid
),
refs AS (
    SELECT con.oid,
           array_agg(a.attname::text ORDER BY k.ord) AS ref_columns
    FROM con
    CROSS JOIN LATERAL unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
    GROUP BY con.oid
)
SELECT con.nspname AS schema,
       con.relname AS table,
       con.conname AS name,
       con.contype AS kind,
       coalesce(cols.columns, '{}')::text[] AS columns,
       pg_get_constraintdef(con.oid) AS definition,
       fn.nspname AS ref_schema,
       fc.relname AS ref_table,
       coalesce(refs.ref_columns, '{}')::text[] AS ref_columns,
       coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord)
                 FROM unnest(con.confdelsetcols) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                '{}')::text[] AS delete_set_columns,
       nullif(con.confupdtype, ' ') AS on_update,
       nullif(con.confdeltype, ' ') AS on_delete,
       nullif(con.confmatchtype, ' ') AS match,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       con.convalidated AS validated,
       coalesce(ix.indnullsnotdistinct, false) AS nulls_not_distinct,
       coalesce((SELECT array_agg(a.attname::text ORDER BY k)
                 FROM generate_series(ix.indnkeyatts + 1, ix.indnatts) AS k
                 JOIN pg_attribute a ON a.attrelid = ix.indrelid
                                    AND a.attnum = ix.indkey[k - 1]), '{}')::text[] AS include,
       CASE WHEN con.contype = 'c'
            THEN pg_get_expr(pc.conbin, con.conrelid, true) END AS check_expr
FROM con
JOIN pg_constraint pc ON pc.oid = con.oid
LEFT JOIN cols ON cols.oid = con.oid
LEFT JOIN refs ON refs.oid = con.oid
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u')
ORDER BY con.nspname, con.relname, con.conname;
