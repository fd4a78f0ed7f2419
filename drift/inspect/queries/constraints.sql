-- Primary key, unique, foreign key, CHECK and EXCLUDE constraints, with their
-- columns in key order. NOT NULL constraints (contype 'n', PostgreSQL 18) are read
-- as column nullability instead. Every list of columns (key, referenced, ON DELETE
-- SET, INCLUDE) is resolved in one pass for all constraints: one unnest, one join to
-- pg_attribute, one ordered aggregate per list (sorted once, on 16 and later). `definition` is exact (non-pretty) because DDL is built
-- from it; `check_expr` is pretty because it is compared: pretty printing normalises
-- the shape of AND/OR chains, which no DDL text can reproduce (BETWEEN becomes a
-- nested AND that the parser would flatten).
--
-- `definition` of a primary key, unique or foreign key is spelled here from the raw
-- catalog, exactly as pg_get_constraintdef(oid) spells it (ruleutils.c: quote_ident
-- is its quote_identifier, pg_table_is_visible its RelationIsVisible, so a referenced
-- table is qualified under the same search_path); anything else, and any case the
-- spelling does not cover (a PostgreSQL 18 temporal key, NOT ENFORCED, a temporary
-- schema), is left to pg_get_constraintdef. tests/integration/test_catalog_text.py
-- proves the two equal on every major.
WITH con AS MATERIALIZED (
    SELECT con.oid, con.conname, con.contype, con.conrelid, con.confrelid, con.conkey,
           con.confkey, con.confdelsetcols, con.confupdtype, con.confdeltype, con.confmatchtype,
           con.condeferrable, con.condeferred, con.convalidated, con.conindid,
           con.conperiod, con.conenforced,
           n.nspname, c.relname
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
      AND c.relkind IN ('r', 'p')
      AND n.nspname = ANY(%(schemas)s)
      AND c.oid <> ALL(%(skip)s::oid[])  -- locked: pg_get_constraintdef/expr open it
),
ix AS (
    SELECT con.oid, i.indnkeyatts, i.indnatts, i.indkey,
           coalesce(i.indnullsnotdistinct, false) AS nulls_not_distinct
    FROM con
    JOIN pg_index i ON i.indexrelid = con.conindid
    WHERE con.contype IN ('p', 'u')
),
-- every listed column: list 0 the key, 1 the referenced, 2 ON DELETE SET, 3 INCLUDE
listed AS (
    SELECT con.oid, 0 AS list, con.conrelid AS rel, k.attnum, k.ord
    FROM con CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    UNION ALL
    SELECT con.oid, 1, con.confrelid, k.attnum, k.ord
    FROM con CROSS JOIN LATERAL unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
    UNION ALL
    SELECT con.oid, 2, con.conrelid, k.attnum, k.ord
    FROM con CROSS JOIN LATERAL unnest(con.confdelsetcols) WITH ORDINALITY AS k(attnum, ord)
    UNION ALL
    SELECT ix.oid, 3, con.conrelid, ix.indkey[k - 1], k
    FROM ix JOIN con ON con.oid = ix.oid
    CROSS JOIN LATERAL generate_series(ix.indnkeyatts + 1, ix.indnatts) AS k
),
lists AS (  -- each list's names, and as pg_get_constraintdef spells them
    SELECT l.oid, l.list,
           array_agg(a.attname::text ORDER BY l.ord) AS names,
           string_agg(quote_ident(a.attname), ', ' ORDER BY l.ord) AS quoted
    FROM listed l
    JOIN pg_attribute a ON a.attrelid = l.rel AND a.attnum = l.attnum
    GROUP BY l.oid, l.list
),
names AS (  -- one row per constraint (each max() sees at most one value)
    SELECT oid,
           max(names) FILTER (WHERE list = 0) AS columns,
           max(names) FILTER (WHERE list = 1) AS ref_columns,
           max(names) FILTER (WHERE list = 2) AS set_columns,
           max(names) FILTER (WHERE list = 3) AS include,
           max(quoted) FILTER (WHERE list = 0) AS quoted,
           max(quoted) FILTER (WHERE list = 1) AS ref_quoted,
           max(quoted) FILTER (WHERE list = 2) AS set_quoted,
           max(quoted) FILTER (WHERE list = 3) AS include_quoted
    FROM lists
    GROUP BY oid
)
SELECT con.nspname::text COLLATE "C" AS schema,  -- text, not name (64 bytes each):
       con.relname::text COLLATE "C" AS table,   -- fewer bytes to sort; "C": name's order
       con.conname::text COLLATE "C" AS name,
       con.contype AS kind,
       coalesce(nm.columns, '{}')::text[] AS columns,
       coalesce(CASE WHEN con.contype IN ('p', 'u', 'f') AND NOT con.conperiod
                          AND con.conenforced
                          AND coalesce(fn.nspname, '') NOT LIKE 'pg\_temp\_%%'
                     THEN CASE con.contype
                          WHEN 'p' THEN 'PRIMARY KEY (' || nm.quoted || ')'
                          WHEN 'u' THEN 'UNIQUE '
                               || CASE WHEN ix.nulls_not_distinct
                                       THEN 'NULLS NOT DISTINCT ' ELSE '' END
                               || '(' || nm.quoted || ')'
                          ELSE 'FOREIGN KEY (' || nm.quoted || ') REFERENCES '
                               || CASE WHEN pg_table_is_visible(con.confrelid)
                                       THEN quote_ident(fc.relname)
                                       ELSE quote_ident(fn.nspname) || '.'
                                            || quote_ident(fc.relname) END
                               || '(' || nm.ref_quoted || ')'
                               || CASE con.confmatchtype WHEN 'f' THEN ' MATCH FULL'
                                       WHEN 'p' THEN ' MATCH PARTIAL' WHEN 's' THEN '' END
                               || CASE con.confupdtype WHEN 'a' THEN ''
                                       WHEN 'r' THEN ' ON UPDATE RESTRICT'
                                       WHEN 'c' THEN ' ON UPDATE CASCADE'
                                       WHEN 'n' THEN ' ON UPDATE SET NULL'
                                       WHEN 'd' THEN ' ON UPDATE SET DEFAULT' END
                               || CASE con.confdeltype WHEN 'a' THEN ''
                                       WHEN 'r' THEN ' ON DELETE RESTRICT'
                                       WHEN 'c' THEN ' ON DELETE CASCADE'
                                       WHEN 'n' THEN ' ON DELETE SET NULL'
                                       WHEN 'd' THEN ' ON DELETE SET DEFAULT' END
                               || CASE WHEN con.confdelsetcols IS NULL THEN ''
                                       ELSE ' (' || nm.set_quoted || ')' END
                          END
                          || CASE WHEN ix.indnatts > ix.indnkeyatts
                                  THEN ' INCLUDE (' || nm.include_quoted || ')' ELSE '' END
                          || CASE WHEN con.condeferrable THEN ' DEFERRABLE' ELSE '' END
                          || CASE WHEN con.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END
                          || CASE WHEN con.convalidated THEN '' ELSE ' NOT VALID' END
                END,  -- NULL (not spelled, or a part missing): the server's own text
                pg_get_constraintdef(con.oid)) AS definition,
       fn.nspname AS ref_schema,
       fc.relname AS ref_table,
       coalesce(nm.ref_columns, '{}')::text[] AS ref_columns,
       coalesce(nm.set_columns, '{}')::text[] AS delete_set_columns,
       nullif(con.confupdtype, ' ') AS on_update,
       nullif(con.confdeltype, ' ') AS on_delete,
       nullif(con.confmatchtype, ' ') AS match,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       con.convalidated AS validated,
       coalesce(ix.nulls_not_distinct, false) AS nulls_not_distinct,
       coalesce(nm.include, '{}')::text[] AS include,
       CASE WHEN con.contype = 'c'
            THEN pg_get_expr(pc.conbin, con.conrelid, true) END AS check_expr
FROM con
JOIN pg_constraint pc ON pc.oid = con.oid
LEFT JOIN names nm ON nm.oid = con.oid
LEFT JOIN ix ON ix.oid = con.oid
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
ORDER BY 1, 2, 3;
