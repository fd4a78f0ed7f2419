-- Indexes with their keys (column names or expressions), per-key options,
-- INCLUDE columns, predicate, method and the constraint each one backs.
SELECT n.nspname AS schema,
       t.relname AS table,
       ic.relname AS name,
       i.indisunique AS unique,
       i.indisprimary AS primary,
       i.indisvalid AS valid,
       am.amname AS method,
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] <> 0
                         THEN (SELECT a.attname FROM pg_attribute a
                               WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1])
                         ELSE pg_get_indexdef(i.indexrelid, k, true) END
             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k)::text[] AS keys,
       ARRAY(SELECT i.indkey[k - 1] = 0
             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS key_is_expression,
       ARRAY(SELECT concat_ws(' ',
                      (SELECT quote_ident(opc.opcname) FROM pg_opclass opc
                       WHERE opc.oid = i.indclass[k - 1] AND NOT opc.opcdefault),
                      CASE WHEN i.indoption[k - 1] & 1 = 1 THEN 'DESC' END,
                      CASE WHEN i.indoption[k - 1] & 3 = 2 THEN 'NULLS FIRST'
                           WHEN i.indoption[k - 1] & 3 = 1 THEN 'NULLS LAST' END)
             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k)::text[] AS key_options,
       ARRAY(SELECT a.attname
             FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
             ORDER BY k)::text[] AS include,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       i.indnullsnotdistinct AS nulls_not_distinct,
       con.conname AS constraint,
       pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                            AND con.contype IN ('p', 'u', 'x')
WHERE t.relkind IN ('r', 'p')
  AND n.nspname = ANY(%(schemas)s)
ORDER BY n.nspname, t.relname, ic.relname;
