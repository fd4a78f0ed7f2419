-- Indexes with their keys (column names or expressions), per-key options,
-- INCLUDE columns, predicate, method and the constraint each one backs. Keys are
-- expanded once for all indexes, joined to pg_attribute and pg_opclass as sets,
-- and folded back with one GROUP BY (no per-index subqueries).
--
-- `definition` of a plain btree index (every key a column with its default operator
-- class and collation, no predicate, no storage or operator class options) is spelled
-- here from the raw catalog exactly as pg_get_indexdef(oid) spells it (ruleutils.c:
-- quote_ident is its quote_identifier, the table always schema-qualified); any other
-- index is left to pg_get_indexdef. tests/integration/test_catalog_text.py proves the
-- two equal on every major.
WITH idx AS MATERIALIZED (
    SELECT i.indexrelid, i.indrelid, i.indnatts, i.indnkeyatts, i.indkey, i.indclass,
           i.indoption, i.indcollation, i.indisunique, i.indisprimary, i.indisvalid, i.indnullsnotdistinct,
           n.nspname::text, t.relname::text AS table_name, ic.relname::text AS index_name,
           am.amname,
           pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
           ic.relkind AS index_kind, ic.reloptions IS NULL
               AND i.indexprs IS NULL AND i.indpred IS NULL AND am.amname = 'btree'
               AND n.nspname NOT LIKE 'pg\_temp\_%%'
               AND NOT EXISTS (SELECT FROM pg_attribute o WHERE o.attrelid = i.indexrelid
                                                          AND o.attoptions IS NOT NULL)
               AS plain
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = ic.relam
    WHERE t.relkind IN ('r', 'p')
      AND n.nspname = ANY(%(schemas)s)
      AND t.oid <> ALL(%(skip)s::oid[])  -- locked: pg_get_indexdef opens the table
),
-- The btree operator class pg_get_indexdef leaves unnamed for a key column's type
-- (GetDefaultOpClass): the one default class of the type itself, else the one default
-- class of a preferred type of its category it is binary-coercible to (varchar ->
-- text_ops); NULL where that rule does not decide (domains, polymorphic classes).
dflt AS (
    SELECT t.oid AS typ,
           CASE WHEN count(*) FILTER (WHERE o.opcintype = t.oid) = 1
                THEN min(o.oid) FILTER (WHERE o.opcintype = t.oid)
                WHEN count(*) FILTER (WHERE o.opcintype = t.oid) = 0
                     AND count(*) FILTER (WHERE ot.typcategory = t.typcategory
                                            AND ot.typispreferred) = 1
                THEN min(o.oid) FILTER (WHERE ot.typcategory = t.typcategory
                                          AND ot.typispreferred) END AS opc
    FROM pg_type t
    JOIN pg_opclass o ON o.opcdefault
                     AND o.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'btree')
    JOIN pg_type ot ON ot.oid = o.opcintype
    WHERE t.typtype <> 'd'
      AND t.oid IN (SELECT a.atttypid FROM idx x
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey)
                    WHERE x.plain)
      AND (o.opcintype = t.oid
           OR EXISTS (SELECT FROM pg_cast c WHERE c.castsource = t.oid
                                              AND c.casttarget = o.opcintype
                                              AND c.castmethod = 'b' AND c.castcontext = 'i'))
    GROUP BY t.oid
)
SELECT x.nspname::text COLLATE "C" AS schema,  -- text, not name (64 bytes each):
       x.table_name::text COLLATE "C" AS table,  -- fewer bytes to sort; "C": name's order
       x.index_name::text COLLATE "C" AS name,
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
       coalesce(CASE WHEN x.plain
                          AND bool_and(k.k > x.indnkeyatts
                                       OR coalesce(x.indclass[k.k - 1] = dflt.opc
                                                   AND x.indcollation[k.k - 1]
                                                       IN (0, a.attcollation), false))
                THEN 'CREATE ' || CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END
                     || 'INDEX ' || quote_ident(x.index_name) || ' ON '
                     || CASE WHEN x.index_kind = 'I' THEN 'ONLY ' ELSE '' END
                     || quote_ident(x.nspname) || '.' || quote_ident(x.table_name)
                     || ' USING btree ('
                     || string_agg(quote_ident(a.attname)
                                   || CASE WHEN k.k > x.indnkeyatts THEN ''
                                           WHEN x.indoption[k.k - 1] & 1 = 1
                                           THEN CASE WHEN x.indoption[k.k - 1] & 2 = 2
                                                     THEN ' DESC' ELSE ' DESC NULLS LAST' END
                                           WHEN x.indoption[k.k - 1] & 2 = 2
                                           THEN ' NULLS FIRST' ELSE '' END,
                                   ', ' ORDER BY k.k) FILTER (WHERE k.k <= x.indnkeyatts)
                     || coalesce(') INCLUDE (' || string_agg(quote_ident(a.attname), ', '
                                                             ORDER BY k.k)
                                                  FILTER (WHERE k.k > x.indnkeyatts), '')
                     || ')'
                     || CASE WHEN x.indnullsnotdistinct THEN ' NULLS NOT DISTINCT' ELSE '' END
                END,  -- NULL (not spelled, or a part missing): the server's own text
                pg_get_indexdef(x.indexrelid)) AS definition
FROM idx x
CROSS JOIN LATERAL generate_series(1, x.indnatts) AS k(k)
LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.k - 1]
LEFT JOIN pg_opclass opc ON opc.oid = x.indclass[k.k - 1] AND k.k <= x.indnkeyatts
LEFT JOIN pg_collation coll ON coll.oid = x.indcollation[k.k - 1] AND k.k <= x.indnkeyatts
LEFT JOIN dflt ON dflt.typ = a.atttypid AND x.plain AND k.k <= x.indnkeyatts
LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                            AND con.contype IN ('p', 'u', 'x')
GROUP BY x.indexrelid, x.nspname, x.table_name, x.index_name, x.indisunique,
         x.indisprimary, x.indisvalid, x.amname, x.predicate, x.indnullsnotdistinct,
         con.conname, x.plain, x.index_kind
ORDER BY 1, 2, 3;
