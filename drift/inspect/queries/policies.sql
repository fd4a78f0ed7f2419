-- Row-level security policies, by table and name. The definition is one normalised
-- line built from pg_policies (the server's own deparsed USING and WITH CHECK), the
-- same expression the plan's skip condition compares (drift.plan.ddl.POLICY_TEXT).
SELECT p.schemaname AS schema, p.policyname AS name, p.tablename AS table,
       concat_ws(' ', 'AS', p.permissive, 'FOR', p.cmd, 'TO', array_to_string(p.roles, ', '),
                 'USING (' || p.qual || ')', 'WITH CHECK (' || p.with_check || ')') AS definition,
       jsonb_build_object('permissive', p.permissive, 'cmd', p.cmd, 'roles', p.roles,
                          'using', p.qual, 'check', p.with_check) AS detail
FROM pg_policies p
WHERE p.schemaname = ANY(%(schemas)s)
ORDER BY 1, 3, 2;
