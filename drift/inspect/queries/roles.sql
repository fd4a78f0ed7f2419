-- Every role of the server, and the role drift reads as (a target whose objects that
-- role owns sets no owner of its own).
SELECT current_user AS reader, array_agg(rolname ORDER BY rolname) AS roles FROM pg_roles;
