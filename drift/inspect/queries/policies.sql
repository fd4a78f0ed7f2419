-- Row-level security policies, by table and name. The definition is one normalised
-- line built as pg_policies builds its columns (the server's own deparsed USING and
-- WITH CHECK), the same expression the plan's skip condition compares
-- (drift.plan.ddl.POLICY_TEXT). Read from pg_policy, not through the pg_policies view:
-- pg_get_expr opens the table, so the tables in %(skip)s (locked by another session)
-- are left out here and reported as not read. Roles come from pg_roles (pg_policies
-- reads pg_authid, which only a superuser may read directly): the same names.
SELECT p.schemaname AS schema, p.policyname AS name, p.tablename AS table,
       concat_ws(' ', 'AS', p.permissive, 'FOR', p.cmd, 'TO', array_to_string(p.roles, ', '),
                 'USING (' || p.qual || ')', 'WITH CHECK (' || p.with_check || ')') AS definition,
       jsonb_build_object('permissive', p.permissive, 'cmd', p.cmd, 'roles', p.roles,
                          'using', p.qual, 'check', p.with_check) AS detail
FROM (
    SELECT n.nspname AS schemaname, c.relname AS tablename, pol.polname AS policyname,
           CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END AS permissive,
           CASE WHEN pol.polroles = '{0}'::oid[]
                THEN string_to_array('public', '')::name[]
                ELSE ARRAY(SELECT r.rolname FROM pg_roles r WHERE r.oid = ANY(pol.polroles)
                           ORDER BY r.rolname) END AS roles,
           CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                           WHEN 'd' THEN 'DELETE' WHEN '*' THEN 'ALL' END AS cmd,
           pg_get_expr(pol.polqual, pol.polrelid) AS qual,
           pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
    FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY(%(schemas)s)
      AND c.oid <> ALL(%(skip)s::oid[])  -- locked: pg_get_expr opens it
) p
ORDER BY 1, 3, 2;
