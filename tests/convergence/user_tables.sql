-- Every user table of a database, for the row counts (read from the catalog, not
-- through drift's reader, so that a table drift does not see is counted too). Only
-- tables that store rows: a partitioned table's rows are its partitions', each
-- counted once where it is stored (a partition detached or attached keeps them); the
-- runner counts FROM ONLY each table, so an INHERITS parent does not count its children.
SELECT n.nspname, c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2;
