-- Owners and privileges of tables, views, sequences, functions and schemas (the kinds
-- drift creates: not foreign tables nor aggregates), read only
-- with [drift] compare_privileges. An ACL never set reads as its default
-- (acldefault), and the owner's own entries are left out: they are implied by
-- ownership. `linked`: a sequence owned by a column (serial, identity) follows its
-- table's owner. The public schema's own owner and ACL are left out (15 changed
-- both). Objects that belong to an extension are left out.
WITH objects AS (
    SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
                          WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
           n.nspname AS schema, c.relname AS name, c.relowner AS owner,
           coalesce(c.relacl, acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char",
                                         c.relowner)) AS acl,
           EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
               AS linked
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND n.nspname = ANY(%(schemas)s)
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'function', n.nspname, p.proname || '(' || oidvectortypes(p.proargtypes) || ')',
           p.proowner, coalesce(p.proacl, acldefault('f'::"char", p.proowner)), false
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY(%(schemas)s)
      AND p.prokind IN ('f', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                      AND d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'schema', n.nspname, n.nspname, n.nspowner,
           coalesce(n.nspacl, acldefault('n'::"char", n.nspowner)), false
    FROM pg_namespace n
    WHERE n.nspname = ANY(%(schemas)s) AND n.nspname <> 'public'
)
SELECT o.kind, o.schema, o.name, pg_get_userbyid(o.owner) AS owner, o.linked,
       coalesce((SELECT jsonb_agg(jsonb_build_array(
                            CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                                 ELSE pg_get_userbyid(a.grantee) END,
                            a.privilege_type, a.is_grantable) ORDER BY 1)
                 FROM aclexplode(o.acl) a WHERE a.grantee <> o.owner), '[]') AS grants
FROM objects o
ORDER BY 1, 2, 3;
