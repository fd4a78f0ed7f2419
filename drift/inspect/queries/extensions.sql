-- Extensions (plpgsql, always present, is left out), with the version this server
-- installs by default (a target that names no version gets that one) and the versions
-- an ALTER EXTENSION ... UPDATE TO can reach from the installed one here.
SELECT n.nspname AS schema, e.extname AS name, NULL::text AS table,
       e.extname AS definition,
       jsonb_build_object(
           'version', e.extversion,
           'default_version', (SELECT a.default_version FROM pg_available_extensions a
                               WHERE a.name = e.extname),
           'updates', coalesce((SELECT jsonb_agg(u.target ORDER BY u.target)
                                FROM pg_extension_update_paths(e.extname) u
                                WHERE u.source = e.extversion AND u.path IS NOT NULL), '[]')
       ) AS detail
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 2;
