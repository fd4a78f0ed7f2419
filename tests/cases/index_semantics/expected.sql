-- index_semantics, target: partial, expression, NULLS NOT DISTINCT, INCLUDE and DESC keys.
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    email text,
    handle text,
    deleted_at timestamptz
);
CREATE UNIQUE INDEX accounts_handle_live_key ON accounts (handle) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX accounts_email_lower_key ON accounts (lower(email));

CREATE TABLE memberships (
    id integer PRIMARY KEY,
    org_id integer,
    code text,
    slug text,
    CONSTRAINT memberships_org_code_key UNIQUE NULLS NOT DISTINCT (org_id, code),
    CONSTRAINT memberships_org_slug_key UNIQUE (org_id, slug)
);

CREATE TABLE events (
    id integer PRIMARY KEY,
    ext_id text,
    payload text,
    region text,
    tier text,
    seen integer,
    created_at timestamptz
);
CREATE UNIQUE INDEX events_ext_key ON events (ext_id) INCLUDE (payload);
CREATE INDEX events_region_idx ON events (region DESC, created_at DESC NULLS LAST);
CREATE INDEX events_tier_seen_idx ON events (tier, seen DESC);
