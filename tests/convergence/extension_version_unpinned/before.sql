-- extension_version_unpinned: the target creates citext without naming a version, so
-- it is at whatever its server installs by default; the live database runs 1.6. drift
-- compares no version then (the scratch server's default says nothing about what the
-- live server should run); a new pinned extension beside it (pg_trgm 1.5) is created
-- at that version, not at the server's default.
CREATE EXTENSION citext VERSION '1.6';
CREATE TABLE public.users (id integer PRIMARY KEY, email citext NOT NULL);
INSERT INTO public.users VALUES (1, 'A@example.com'), (2, 'b@example.com');
