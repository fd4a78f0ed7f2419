-- Indexes with their keys (column names or expressions), per-key options,
-- INCLUDE columns, predicate, method and the constraint each one backs. Keys are
-- expanded once for all indexes, joined to pg_attribute and pg_opclass as sets,
-- and folded back with one GROUP BY (no per-index subqueries).
WITH idx AS MATERIALIZED (
    SELECT i.indexrelid, i.indrelid, i.indnatts, i.indnkeyatts, i.indkey, i.indclass,
           i.indoption, i.indcollation, i.indisunique, i.indisprimary, i.indisvalid, i.indnullsnotdistinct,
           n.nspname, t.relname AS table_name, ic.relname AS index_name, am.amname,
           pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
           pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = ic.relam
    WHERE t.relkind IN ('r', 'p')
      AND n.nspname = ANY(%(schemas)s)
      AND t.oid <> ALL(%(skip)s::oid[])  -- locked: pg_get_indexdef opens the table
)
SELECT x.nspname AS schema,
       x.table_name AS table,
       x.index_name AS name,
       x.indisunique AS unique,
       x.indisprimary AS primary,
       x.indisvalid AS valid,
       x.amname AS method,
       array_agg(CASE WHEN x.indkey[k.k - 1] <> 0 THEN a.attname::text
                      ELSE pg_get_indexdef(x.indexrelid, k.k, true) END ORDER BY k.k)
           FILTER (WHERE k.k <= x.indnkeyatts)::text[] AS keys,
       array_agg(x.indkey[k.k - 1] = 0 ORDER BY k.k)
           FILTER (WHERE k.k <= x.indnkeyatts) AS key_is_expression,
       array_agg(concat_ws(' ',
                     CASE WHEN coll.oid IS NOT NULL
                          AND coll.oid <> coalesce(a.attcollation, 0)
                          AND NOT (x.indkey[k.k - 1] = 0 AND coll.collname = 'default')
                          THEN 'COLLATE ' || quote_ident(coll.collname) END,
                     CASE WHEN NOT opc.opcdefault THEN quote_ident(opc.opcname) END,
                     CASE WHEN x.indoption[k.k - 1] & 1 = 1 THEN 'DESC' END,
                     CASE WHEN x.indoption[k.k - 1] & 3 = 2 THEN 'NULLS FIRST'
                          WHEN x.indoption[k.k - 1] & 3 = 1 THEN 'NULLS LAST' END)
                 ORDER BY k.k) FILTER (WHERE k.k <= x.indnkeyatts)::text[] AS key_options,
       coalesce(array_agg(a.attname::text ORDER BY k.k) FILTER (WHERE k.k > x.indnkeyatts),
                '{}')::text[] AS include,
       x.predicate,
       x.indnullsnotdistinct AS nulls_not_distinct,
       con.conname AS constraint,
       x.definition
FROM idx x
CROSS JOIN LATERAL generate_series(1, x.indnatts) AS k(k)
LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.k - 1]
LEFT JOIN pg_opclass opc ON opc.oid = x.indclass[k.k - 1] AND k.k <= x.indnkeyatts
LEFT JOIN pg_collation coll ON coll.oid = x.indcollation[k.k - 1] AND k.k <= x.indnkeyatts
LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                            AND con.contype IN ('p', 'u', 'x')
GROUP BY x.indexrelid, x.nspname, x.table_name, x.index_name, x.indisunique,
         x.indisprimary, x.indisvalid, x.amname, x.predicate, x.indnullsnotdistinct,
         con.conname, x.definition
ORDER BY x.nspname, x.table_name, x.index_name;
