-- index_semantics, live side: the tables without the target's unique keys and
-- indexes. Each planted duplicate only counts under the exact semantics of its key.
--
-- accounts, missing accounts_handle_live_key UNIQUE (handle) WHERE deleted_at IS NULL:
--   'h1' twice, both live                  -> counts
--   'h2' twice, both deleted               -> outside the predicate
--   'h3' once live, once deleted           -> one row in the predicate
--   NULL handle twice, both live           -> NULLs are distinct
--   => DR401 1 group, 2 rows; sample {handle: h1} x2
-- accounts, missing accounts_email_lower_key UNIQUE (lower(email)):
--   'A@x.com', 'a@x.com'                   -> group a@x.com, 2 rows
--   'B@x.com', 'b@X.com', 'B@X.COM'        -> group b@x.com, 3 rows
--   'c@x.com' once, NULL twice             -> no group
--   => DR401 2 groups, 5 rows; samples b@x.com x3 then a@x.com x2
-- memberships, missing UNIQUE NULLS NOT DISTINCT (org_id, code):
--   (1, NULL) twice                        -> NULLs are equal here: a group
--   (NULL, NULL) twice                     -> a group
--   (1, k), (2, k), (2, m)                 -> distinct
--   => DR401 2 groups, 4 rows; samples (1, NULL) then (NULL, NULL)
-- memberships, missing plain UNIQUE (org_id, slug):
--   (1, NULL) twice, (NULL, x) twice       -> NULLs are distinct: no group
--   (1, s) once, (2, s) twice              -> group (2, s)
--   => DR401 1 group, 2 rows; sample (2, s) x2
-- events, missing events_ext_key UNIQUE (ext_id) INCLUDE (payload):
--   'e1' twice with different payloads     -> INCLUDE columns don't count: a group
--   'e2' once, NULL twice                  -> no group
--   => DR401 1 group, 2 rows; sample {ext_id: e1} x2
-- events, events_region_idx exists as (region); the target is
--   (region DESC, created_at DESC NULLS LAST): same name, other key options -> DR123
-- events, missing events_tier_seen_idx (tier, seen DESC) -> DR122
-- resolve.sql makes one row of each counted group distinct.
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text,
    handle text,
    deleted_at timestamptz
);
INSERT INTO accounts (id, email, handle, deleted_at) VALUES
    (1, 'A@x.com', 'h1', NULL),
    (2, 'a@x.com', 'h1', NULL),
    (3, 'B@x.com', 'h2', '2024-01-01'),
    (4, 'b@X.com', 'h2', '2024-01-02'),
    (5, 'B@X.COM', 'h3', NULL),
    (6, 'c@x.com', 'h3', '2024-01-03'),
    (7, NULL, NULL, NULL),
    (8, NULL, NULL, NULL);

CREATE TABLE memberships (
    id integer PRIMARY KEY,
    org_id integer,
    code text,
    slug text
);
INSERT INTO memberships (id, org_id, code, slug) VALUES
    (1, 1, NULL, NULL),
    (2, 1, NULL, NULL),
    (3, NULL, NULL, 'x'),
    (4, NULL, NULL, 'x'),
    (5, 1, 'k', 's'),
    (6, 2, 'k', 's'),
    (7, 2, 'm', 's');

CREATE TABLE events (
    id integer PRIMARY KEY,
    ext_id text,
    payload text,
    region text,
    tier text,
    seen integer,
    created_at timestamptz
);
CREATE INDEX events_region_idx ON events (region);
INSERT INTO events (id, ext_id, payload, region, tier, seen, created_at) VALUES
    (1, 'e1', 'p1', 'eu', 'gold', 1, '2024-01-01'),
    (2, 'e1', 'p2', 'eu', 'gold', 2, NULL),
    (3, 'e2', 'p1', 'us', NULL, NULL, '2024-01-02'),
    (4, NULL, 'p', NULL, 'free', 3, NULL),
    (5, NULL, 'p', 'us', 'free', 3, '2024-01-03');
