-- Relations on which another session holds or awaits an ACCESS EXCLUSIVE lock (on a
-- standby: the startup process replaying one). Only a hint of where to look first.
SELECT DISTINCT l.relation AS oid
FROM pg_locks l
WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.pid IS DISTINCT FROM pg_backend_pid();
