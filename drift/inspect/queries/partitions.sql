-- Partitioning and inheritance, one row per table of the schemas read: its partition
-- key (pg_get_partkeydef, for a partitioned table), and for a partition its parent
-- and bound (pg_get_expr(relpartbound): "FOR VALUES ...", "DEFAULT") with the
-- condition it stands for (pg_get_partition_constraintdef, for guards); for any other
-- child, its INHERITS parents in order. Tables without any of these are left out.
-- pg_get_expr opens the partition: the tables in %(skip)s (locked by another
-- session) are listed without their bound.
SELECT n.nspname AS schema,
       c.relname AS name,
       greatest(c.reltuples, 0)::bigint AS estimated_rows,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       c.relispartition AS is_partition,
       CASE WHEN c.relispartition AND c.oid <> ALL(%(skip)s::oid[])
            THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
       CASE WHEN c.relispartition AND c.oid <> ALL(%(skip)s::oid[])
            THEN pg_get_partition_constraintdef(c.oid) END AS bound_check,
       coalesce((SELECT array_agg(pn.nspname::text ORDER BY i.inhseqno)
                 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                 JOIN pg_namespace pn ON pn.oid = p.relnamespace
                 WHERE i.inhrelid = c.oid), '{}')::text[] AS parent_schemas,
       coalesce((SELECT array_agg(p.relname::text ORDER BY i.inhseqno)
                 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                 WHERE i.inhrelid = c.oid), '{}')::text[] AS parent_names
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY(%(schemas)s)
  AND (c.relkind = 'p' OR c.relispartition
       OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid))
ORDER BY 1, 2;
