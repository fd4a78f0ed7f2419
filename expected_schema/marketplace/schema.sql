-- Target schema of the NFT marketplace (docs/marketplace.md), one PostgreSQL schema per
-- service.
--
-- Scope: the seven PostgreSQL schemas of the design. The MongoDB collections
-- (media_uploads, processing_jobs, raw_events, processing_queue) are out of scope.
--
-- Conventions used throughout:
--   * every constraint and index is named: pk_<table>, uq_<table>_<what>,
--     fk_<table>_<column>, ck_<table>_<what>, ix_<table>_<columns>;
--   * uuid keys default to gen_random_uuid() (core since PostgreSQL 13, so no
--     extension is needed for it);
--   * created_at / updated_at are timestamptz NOT NULL DEFAULT now();
--   * foreign keys only inside one service: a column that "references" another
--     service (sessions.user_id, wallet_links.user_id, ...) is a plain uuid, because
--     each service owns its schema and may live in its own database later;
--   * a value list becomes a named CHECK only where the design gives a closed list;
--     lists ending in "etc" (token_standard, connector, verification_type, kind) stay
--     open text.
-- Parts marked "inferred" are not spelled out by the design.

-- No pgcrypto: gen_random_uuid() is core since PostgreSQL 13, and the embedded
-- PostgreSQL used for scratch loads ships contrib without pgcrypto (built without
-- OpenSSL). The extension here is pg_trgm, which backs the collection-name search
-- index (ix_collections_name_trgm).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE SCHEMA auth_service;
CREATE SCHEMA user_service;
CREATE SCHEMA wallet_service;
CREATE SCHEMA catalog_service;
CREATE SCHEMA chain_registry_service;
CREATE SCHEMA orchestrator_service;
CREATE SCHEMA indexer_service;

-- ---------------------------------------------------------------------------
-- Shared chain domains.
--
-- They live in chain_registry_service: that service owns what a chain, a contract
-- address and a transaction hash are (the design introduces caip2_chain and
-- evm_address in its tables), and keeping them there keeps the design's seven
-- schemas instead of adding an eighth "common" schema that no service owns. Other
-- services use them schema-qualified, which makes the dependency visible.
-- ---------------------------------------------------------------------------

-- CAIP-2: namespace (3-8) ':' reference (1-32), so at most 41 characters.
CREATE DOMAIN chain_registry_service.caip2_chain AS varchar(41)
    CONSTRAINT ck_caip2_chain_format CHECK (VALUE ~ '^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$');

-- Addresses are stored lowercase (the EIP-55 checksum form is a display concern).
CREATE DOMAIN chain_registry_service.evm_address AS varchar(42)
    CONSTRAINT ck_evm_address_format CHECK (VALUE ~ '^0x[0-9a-f]{40}$');

CREATE DOMAIN chain_registry_service.evm_tx_hash AS varchar(66)
    CONSTRAINT ck_evm_tx_hash_format CHECK (VALUE ~ '^0x[0-9a-f]{64}$');

-- ---------------------------------------------------------------------------
-- 1. auth_service
-- ---------------------------------------------------------------------------

CREATE TABLE auth_service.auth_nonces (
    nonce      varchar(64)  NOT NULL,
    account_id chain_registry_service.evm_address NOT NULL,
    domain     varchar(255) NOT NULL,
    chain_id   varchar(32)  NOT NULL,
    issued_at  timestamptz  NOT NULL DEFAULT now(),  -- named by the design's constraint only
    expires_at timestamptz  NOT NULL,
    used       boolean      NOT NULL DEFAULT false,
    CONSTRAINT pk_auth_nonces PRIMARY KEY (nonce),
    -- "Unique hex string"; the minimum of 8 is SIWE's (inferred).
    CONSTRAINT ck_auth_nonces_nonce_hex CHECK (nonce ~ '^[0-9a-f]{8,64}$'),
    CONSTRAINT ck_auth_nonces_expiry_window
        CHECK (expires_at > issued_at AND expires_at <= issued_at + interval '10 minutes')
);
CREATE INDEX ix_auth_nonces_account_id ON auth_service.auth_nonces (account_id);
CREATE INDEX ix_auth_nonces_expires_at ON auth_service.auth_nonces (expires_at);

CREATE TABLE auth_service.sessions (
    session_id                uuid         NOT NULL DEFAULT gen_random_uuid(),
    user_id                   uuid         NOT NULL,
    refresh_hash              varchar(128) NOT NULL,
    ip_address                inet,
    created_at                timestamptz  NOT NULL DEFAULT now(),
    expires_at                timestamptz  NOT NULL,
    revoked_at                timestamptz,
    collection_intent_context jsonb,
    CONSTRAINT pk_sessions PRIMARY KEY (session_id),
    CONSTRAINT uq_sessions_refresh_hash UNIQUE (refresh_hash),
    CONSTRAINT ck_sessions_expires_after_created CHECK (expires_at > created_at)
);
CREATE INDEX ix_sessions_user_id ON auth_service.sessions (user_id);
CREATE INDEX ix_sessions_expires_at ON auth_service.sessions (expires_at);

CREATE TABLE auth_service.login_events (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id       uuid,
    -- Raw input of the attempt, so deliberately not evm_address: a malformed address
    -- is exactly what a failed attempt may need to record.
    account_id    varchar(42),
    result        varchar(32) NOT NULL,
    error_message text,
    ip_address    inet,                                  -- inferred
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_login_events PRIMARY KEY (id),
    CONSTRAINT ck_login_events_result CHECK (result IN (
        'success', 'failed', 'invalid_signature', 'invalid_nonce',
        'expired_nonce', 'invalid_message', 'rate_limited'))
);
CREATE INDEX ix_login_events_user_id ON auth_service.login_events (user_id);
CREATE INDEX ix_login_events_account_id_created_at
    ON auth_service.login_events (account_id, created_at DESC);

-- ---------------------------------------------------------------------------
-- 2. user_service
-- ---------------------------------------------------------------------------

CREATE TABLE user_service.users (
    user_id    uuid        NOT NULL DEFAULT gen_random_uuid(),
    status     varchar(32) NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_users PRIMARY KEY (user_id),
    CONSTRAINT ck_users_status CHECK (status IN ('active', 'banned', 'deleted', 'suspended'))
);

-- username is nullable: the row is created empty by the users trigger and filled in
-- when the user picks a name.
CREATE TABLE user_service.profiles (
    user_id      uuid        NOT NULL,
    username     varchar(30),
    display_name varchar(50),
    bio          text,
    avatar_url   text,
    banner_url   text,
    socials_json jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_profiles PRIMARY KEY (user_id),
    CONSTRAINT fk_profiles_user_id FOREIGN KEY (user_id)
        REFERENCES user_service.users (user_id) ON DELETE CASCADE,
    CONSTRAINT uq_profiles_username UNIQUE (username),
    CONSTRAINT ck_profiles_username_format CHECK (username ~ '^[A-Za-z0-9_]{3,30}$'),
    CONSTRAINT ck_profiles_bio_length CHECK (char_length(bio) <= 500)
);

CREATE TABLE user_service.user_preferences (
    user_id             uuid        NOT NULL,
    email_notifications boolean     NOT NULL DEFAULT true,
    push_notifications  boolean     NOT NULL DEFAULT true,
    marketing_emails    boolean     NOT NULL DEFAULT false,
    theme               varchar(20) NOT NULL DEFAULT 'auto',
    privacy_level       varchar(20) NOT NULL DEFAULT 'public',
    currency            varchar(10) NOT NULL DEFAULT 'USD',   -- default inferred
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_user_preferences PRIMARY KEY (user_id),
    CONSTRAINT fk_user_preferences_user_id FOREIGN KEY (user_id)
        REFERENCES user_service.users (user_id) ON DELETE CASCADE,
    CONSTRAINT ck_user_preferences_theme CHECK (theme IN ('light', 'dark', 'auto')),
    CONSTRAINT ck_user_preferences_privacy_level
        CHECK (privacy_level IN ('public', 'private', 'friends'))
);

CREATE TABLE user_service.user_stats (
    user_id           uuid          NOT NULL,
    collections_count integer       NOT NULL DEFAULT 0,
    items_count       integer       NOT NULL DEFAULT 0,
    listings_count    integer       NOT NULL DEFAULT 0,
    sales_count       integer       NOT NULL DEFAULT 0,
    purchases_count   integer       NOT NULL DEFAULT 0,
    volume_sold       numeric(20,8) NOT NULL DEFAULT 0,
    volume_purchased  numeric(20,8) NOT NULL DEFAULT 0,
    followers_count   integer       NOT NULL DEFAULT 0,
    following_count   integer       NOT NULL DEFAULT 0,
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_user_stats PRIMARY KEY (user_id),
    CONSTRAINT fk_user_stats_user_id FOREIGN KEY (user_id)
        REFERENCES user_service.users (user_id) ON DELETE CASCADE,
    CONSTRAINT ck_user_stats_collections_count CHECK (collections_count >= 0),
    CONSTRAINT ck_user_stats_items_count CHECK (items_count >= 0),
    CONSTRAINT ck_user_stats_listings_count CHECK (listings_count >= 0),
    CONSTRAINT ck_user_stats_sales_count CHECK (sales_count >= 0),
    CONSTRAINT ck_user_stats_purchases_count CHECK (purchases_count >= 0),
    CONSTRAINT ck_user_stats_followers_count CHECK (followers_count >= 0),
    CONSTRAINT ck_user_stats_following_count CHECK (following_count >= 0),
    -- Volumes are not counts, but a negative volume is as meaningless (inferred).
    CONSTRAINT ck_user_stats_volume_sold CHECK (volume_sold >= 0),
    CONSTRAINT ck_user_stats_volume_purchased CHECK (volume_purchased >= 0)
);

CREATE TABLE user_service.user_follows (
    follower_id  uuid        NOT NULL,
    following_id uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_user_follows PRIMARY KEY (follower_id, following_id),
    CONSTRAINT fk_user_follows_follower_id FOREIGN KEY (follower_id)
        REFERENCES user_service.users (user_id) ON DELETE CASCADE,
    CONSTRAINT fk_user_follows_following_id FOREIGN KEY (following_id)
        REFERENCES user_service.users (user_id) ON DELETE CASCADE,
    CONSTRAINT ck_user_follows_no_self_follow CHECK (follower_id <> following_id)
);
-- The PK covers lookups by follower; this one serves "who follows X".
CREATE INDEX ix_user_follows_following_id ON user_service.user_follows (following_id);

-- Every user gets its profile, preferences and stats rows at creation.
CREATE FUNCTION user_service.fn_users_create_related_rows()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    INSERT INTO user_service.profiles (user_id) VALUES (NEW.user_id)
        ON CONFLICT (user_id) DO NOTHING;
    INSERT INTO user_service.user_preferences (user_id, theme) VALUES (NEW.user_id, 'auto')
        ON CONFLICT (user_id) DO NOTHING;
    INSERT INTO user_service.user_stats (user_id) VALUES (NEW.user_id)
        ON CONFLICT (user_id) DO NOTHING;
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER trg_users_create_related_rows
    AFTER INSERT ON user_service.users
    FOR EACH ROW EXECUTE FUNCTION user_service.fn_users_create_related_rows();

-- Keeps user_stats.followers_count / following_count in step with user_follows.
-- Decrements stop at zero so a stale count cannot trip the >= 0 checks.
CREATE FUNCTION user_service.fn_user_follows_update_counts()
RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE user_service.user_stats
           SET followers_count = followers_count + 1, updated_at = now()
         WHERE user_id = NEW.following_id;
        UPDATE user_service.user_stats
           SET following_count = following_count + 1, updated_at = now()
         WHERE user_id = NEW.follower_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE user_service.user_stats
           SET followers_count = greatest(followers_count - 1, 0), updated_at = now()
         WHERE user_id = OLD.following_id;
        UPDATE user_service.user_stats
           SET following_count = greatest(following_count - 1, 0), updated_at = now()
         WHERE user_id = OLD.follower_id;
    END IF;
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER trg_user_follows_update_counts
    AFTER INSERT OR DELETE ON user_service.user_follows
    FOR EACH ROW EXECUTE FUNCTION user_service.fn_user_follows_update_counts();

-- ---------------------------------------------------------------------------
-- 3. wallet_service
-- ---------------------------------------------------------------------------

CREATE TABLE wallet_service.wallet_links (
    wallet_id  uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    address    chain_registry_service.evm_address NOT NULL,
    chain_id   varchar(32) NOT NULL,
    is_primary boolean     NOT NULL DEFAULT false,
    type       varchar(20) NOT NULL DEFAULT 'eoa',
    connector  varchar(50),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_wallet_links PRIMARY KEY (wallet_id),
    CONSTRAINT uq_wallet_links_user_address_chain UNIQUE (user_id, address, chain_id),
    CONSTRAINT ck_wallet_links_type CHECK (type IN ('eoa', 'contract', 'multisig', 'smart_account'))
);
-- Only one primary wallet per user.
CREATE UNIQUE INDEX uq_wallet_links_one_primary_per_user
    ON wallet_service.wallet_links (user_id) WHERE is_primary;
CREATE INDEX ix_wallet_links_address ON wallet_service.wallet_links (address);

CREATE TABLE wallet_service.wallet_activity (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    wallet_id  uuid        NOT NULL,
    action     varchar(50) NOT NULL,
    metadata   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ip_address inet,
    user_agent text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_wallet_activity PRIMARY KEY (id),
    CONSTRAINT fk_wallet_activity_wallet_id FOREIGN KEY (wallet_id)
        REFERENCES wallet_service.wallet_links (wallet_id) ON DELETE CASCADE,
    CONSTRAINT ck_wallet_activity_action
        CHECK (action IN ('linked', 'unlinked', 'set_primary', 'verified', 'updated'))
);
CREATE INDEX ix_wallet_activity_wallet_id ON wallet_service.wallet_activity (wallet_id);

CREATE TABLE wallet_service.wallet_verifications (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    wallet_id         uuid        NOT NULL,
    verification_type varchar(50) NOT NULL,
    status            varchar(20) NOT NULL DEFAULT 'pending',
    verification_data jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_wallet_verifications PRIMARY KEY (id),
    CONSTRAINT fk_wallet_verifications_wallet_id FOREIGN KEY (wallet_id)
        REFERENCES wallet_service.wallet_links (wallet_id) ON DELETE CASCADE,
    CONSTRAINT ck_wallet_verifications_status
        CHECK (status IN ('pending', 'verified', 'failed', 'expired'))
);
CREATE INDEX ix_wallet_verifications_wallet_id ON wallet_service.wallet_verifications (wallet_id);

-- ---------------------------------------------------------------------------
-- 4. catalog_service
--
-- The design types the catalog's chain data as text (chain_id, addresses,
-- tx_hash), so these columns stay text and do not use the chain domains.
-- ---------------------------------------------------------------------------

-- Not in the design: one status type shared by listings and offers (inferred).
CREATE TYPE catalog_service.order_status AS ENUM ('active', 'filled', 'cancelled', 'expired');

CREATE TABLE catalog_service.collections (
    id                    uuid          NOT NULL DEFAULT gen_random_uuid(),
    slug                  text          NOT NULL,
    name                  text          NOT NULL,
    description           text,
    chain_id              text          NOT NULL,
    -- NULL until the contract is deployed (a collection intent may still be pending).
    contract_address      text,
    creator               text,
    owner                 text,
    collection_type       text,
    max_supply            text,
    total_supply          text,
    -- Minting config: the design lists mint_price, mint_limit_per_wallet,
    -- mint_start_time "etc."; mint_end_time and the types are inferred.
    mint_price            numeric(20,8),
    mint_limit_per_wallet integer,
    mint_start_time       timestamptz,
    mint_end_time         timestamptz,
    -- Social links: website_url is inferred from "etc.".
    website_url           text,
    discord_url           text,
    twitter_url           text,
    instagram_url         text,
    floor_price           numeric(20,8),
    volume_traded         numeric(20,8) NOT NULL DEFAULT 0,
    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_collections PRIMARY KEY (id),
    CONSTRAINT uq_collections_slug UNIQUE (slug),
    CONSTRAINT uq_collections_chain_contract UNIQUE (chain_id, contract_address),
    CONSTRAINT ck_collections_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT ck_collections_mint_window CHECK (mint_end_time > mint_start_time),
    CONSTRAINT ck_collections_mint_limit CHECK (mint_limit_per_wallet > 0)
);
CREATE INDEX ix_collections_name_trgm
    ON catalog_service.collections USING gin (name public.gin_trgm_ops);

CREATE TABLE catalog_service.tokens (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    collection_id    uuid        NOT NULL,
    chain_id         text        NOT NULL,
    contract_address text        NOT NULL,
    token_number     text        NOT NULL,
    token_standard   text,
    name             text,
    image_url        text,
    metadata_url     text,
    owner_address    text,
    burned           boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_tokens PRIMARY KEY (id),
    CONSTRAINT fk_tokens_collection_id FOREIGN KEY (collection_id)
        REFERENCES catalog_service.collections (id) ON DELETE CASCADE,
    CONSTRAINT uq_tokens_collection_token_number UNIQUE (collection_id, token_number),
    -- "string for big ints": a non-negative decimal integer of any size.
    CONSTRAINT ck_tokens_token_number_digits CHECK (token_number ~ '^[0-9]+$')
);
CREATE INDEX ix_tokens_owner_address ON catalog_service.tokens (owner_address);

-- traits, trait_values, token_trait_links: the design only sketches them; the
-- columns below are inferred.
CREATE TABLE catalog_service.traits (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    collection_id uuid        NOT NULL,
    trait_type    text        NOT NULL,
    display_type  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_traits PRIMARY KEY (id),
    CONSTRAINT fk_traits_collection_id FOREIGN KEY (collection_id)
        REFERENCES catalog_service.collections (id) ON DELETE CASCADE,
    CONSTRAINT uq_traits_collection_trait_type UNIQUE (collection_id, trait_type)
);

CREATE TABLE catalog_service.trait_values (
    id           uuid          NOT NULL DEFAULT gen_random_uuid(),
    trait_id     uuid          NOT NULL,
    value        text          NOT NULL,
    occurrences  integer       NOT NULL DEFAULT 0,
    rarity_score numeric(12,6),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_trait_values PRIMARY KEY (id),
    CONSTRAINT fk_trait_values_trait_id FOREIGN KEY (trait_id)
        REFERENCES catalog_service.traits (id) ON DELETE CASCADE,
    CONSTRAINT uq_trait_values_trait_value UNIQUE (trait_id, value),
    CONSTRAINT ck_trait_values_occurrences CHECK (occurrences >= 0),
    CONSTRAINT ck_trait_values_rarity_score CHECK (rarity_score >= 0)
);

CREATE TABLE catalog_service.token_trait_links (
    token_id       uuid NOT NULL,
    trait_value_id uuid NOT NULL,
    CONSTRAINT pk_token_trait_links PRIMARY KEY (token_id, trait_value_id),
    CONSTRAINT fk_token_trait_links_token_id FOREIGN KEY (token_id)
        REFERENCES catalog_service.tokens (id) ON DELETE CASCADE,
    CONSTRAINT fk_token_trait_links_trait_value_id FOREIGN KEY (trait_value_id)
        REFERENCES catalog_service.trait_values (id) ON DELETE CASCADE
);
CREATE INDEX ix_token_trait_links_trait_value_id
    ON catalog_service.token_trait_links (trait_value_id);

-- marketplaces, listings, offers, sales: the design names the common fields
-- (price_native, currency_symbol, marketplace_id, tx_hash); the rest is inferred.
CREATE TABLE catalog_service.marketplaces (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug        text        NOT NULL,
    name        text        NOT NULL,
    website_url text,
    fee_bps     integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_marketplaces PRIMARY KEY (id),
    CONSTRAINT uq_marketplaces_slug UNIQUE (slug),
    CONSTRAINT ck_marketplaces_fee_bps CHECK (fee_bps BETWEEN 0 AND 10000)
);

CREATE TABLE catalog_service.listings (
    id              uuid                         NOT NULL DEFAULT gen_random_uuid(),
    token_id        uuid                         NOT NULL,
    marketplace_id  uuid                         NOT NULL,
    seller_address  text                         NOT NULL,
    price_native    numeric(38,18)               NOT NULL,
    currency_symbol text                         NOT NULL,
    quantity        integer                      NOT NULL DEFAULT 1,
    status          catalog_service.order_status NOT NULL DEFAULT 'active',
    starts_at       timestamptz                  NOT NULL DEFAULT now(),
    expires_at      timestamptz,
    tx_hash         text,
    created_at      timestamptz                  NOT NULL DEFAULT now(),
    updated_at      timestamptz                  NOT NULL DEFAULT now(),
    CONSTRAINT pk_listings PRIMARY KEY (id),
    CONSTRAINT fk_listings_token_id FOREIGN KEY (token_id)
        REFERENCES catalog_service.tokens (id) ON DELETE CASCADE,
    CONSTRAINT fk_listings_marketplace_id FOREIGN KEY (marketplace_id)
        REFERENCES catalog_service.marketplaces (id),
    CONSTRAINT ck_listings_price_positive CHECK (price_native > 0),
    CONSTRAINT ck_listings_quantity_positive CHECK (quantity > 0),
    CONSTRAINT ck_listings_expiry CHECK (expires_at > starts_at)
);
CREATE INDEX ix_listings_token_id ON catalog_service.listings (token_id);
CREATE INDEX ix_listings_marketplace_id ON catalog_service.listings (marketplace_id);
CREATE INDEX ix_listings_active_price
    ON catalog_service.listings (token_id, price_native) WHERE status = 'active';

CREATE TABLE catalog_service.offers (
    id              uuid                         NOT NULL DEFAULT gen_random_uuid(),
    token_id        uuid                         NOT NULL,
    marketplace_id  uuid                         NOT NULL,
    bidder_address  text                         NOT NULL,
    price_native    numeric(38,18)               NOT NULL,
    currency_symbol text                         NOT NULL,
    quantity        integer                      NOT NULL DEFAULT 1,
    status          catalog_service.order_status NOT NULL DEFAULT 'active',
    expires_at      timestamptz,
    tx_hash         text,
    created_at      timestamptz                  NOT NULL DEFAULT now(),
    updated_at      timestamptz                  NOT NULL DEFAULT now(),
    CONSTRAINT pk_offers PRIMARY KEY (id),
    CONSTRAINT fk_offers_token_id FOREIGN KEY (token_id)
        REFERENCES catalog_service.tokens (id) ON DELETE CASCADE,
    CONSTRAINT fk_offers_marketplace_id FOREIGN KEY (marketplace_id)
        REFERENCES catalog_service.marketplaces (id),
    CONSTRAINT ck_offers_price_positive CHECK (price_native > 0),
    CONSTRAINT ck_offers_quantity_positive CHECK (quantity > 0)
);
CREATE INDEX ix_offers_token_id ON catalog_service.offers (token_id);
CREATE INDEX ix_offers_marketplace_id ON catalog_service.offers (marketplace_id);

-- One row per sale event; (tx_hash, log_index) identifies the on-chain event.
CREATE TABLE catalog_service.sales (
    id              uuid           NOT NULL DEFAULT gen_random_uuid(),
    token_id        uuid           NOT NULL,
    marketplace_id  uuid           NOT NULL,
    listing_id      uuid,
    offer_id        uuid,
    seller_address  text           NOT NULL,
    buyer_address   text           NOT NULL,
    price_native    numeric(38,18) NOT NULL,
    currency_symbol text           NOT NULL,
    quantity        integer        NOT NULL DEFAULT 1,
    tx_hash         text           NOT NULL,
    log_index       integer        NOT NULL,
    sold_at         timestamptz    NOT NULL,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT pk_sales PRIMARY KEY (id),
    CONSTRAINT fk_sales_token_id FOREIGN KEY (token_id)
        REFERENCES catalog_service.tokens (id) ON DELETE CASCADE,
    CONSTRAINT fk_sales_marketplace_id FOREIGN KEY (marketplace_id)
        REFERENCES catalog_service.marketplaces (id),
    CONSTRAINT fk_sales_listing_id FOREIGN KEY (listing_id)
        REFERENCES catalog_service.listings (id) ON DELETE SET NULL,
    CONSTRAINT fk_sales_offer_id FOREIGN KEY (offer_id)
        REFERENCES catalog_service.offers (id) ON DELETE SET NULL,
    CONSTRAINT uq_sales_tx_hash_log_index UNIQUE (tx_hash, log_index),
    CONSTRAINT ck_sales_price_positive CHECK (price_native > 0),
    CONSTRAINT ck_sales_quantity_positive CHECK (quantity > 0)
);
CREATE INDEX ix_sales_token_id ON catalog_service.sales (token_id);
CREATE INDEX ix_sales_marketplace_id ON catalog_service.sales (marketplace_id);

-- The token activity feed. type and timestamp are the design's; the price and
-- transaction columns are inferred from "Price and transaction data".
CREATE TABLE catalog_service.activities (
    id              uuid           NOT NULL DEFAULT gen_random_uuid(),
    type            text           NOT NULL,
    token_id        uuid           NOT NULL,
    from_address    text,
    to_address      text,
    price_native    numeric(38,18),
    currency_symbol text,
    tx_hash         text,
    "timestamp"     timestamptz    NOT NULL,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT pk_activities PRIMARY KEY (id),
    CONSTRAINT fk_activities_token_id FOREIGN KEY (token_id)
        REFERENCES catalog_service.tokens (id) ON DELETE CASCADE,
    CONSTRAINT ck_activities_type
        CHECK (type IN ('listed', 'offer', 'sale', 'transfer', 'mint', 'burn'))
);
CREATE INDEX ix_activities_token_id_timestamp
    ON catalog_service.activities (token_id, "timestamp" DESC);

-- Listings a buyer can act on now: active, not expired, token not burned.
CREATE VIEW catalog_service.active_listings AS
SELECT l.id AS listing_id,
       l.token_id,
       t.collection_id,
       t.chain_id,
       t.contract_address,
       t.token_number,
       t.name AS token_name,
       l.marketplace_id,
       l.seller_address,
       l.price_native,
       l.currency_symbol,
       l.quantity,
       l.starts_at,
       l.expires_at
  FROM catalog_service.listings l
  JOIN catalog_service.tokens t ON t.id = l.token_id
 WHERE l.status = 'active'
   AND NOT t.burned
   AND (l.expires_at IS NULL OR l.expires_at > now());

-- ---------------------------------------------------------------------------
-- 5. chain_registry_service
-- ---------------------------------------------------------------------------

CREATE TABLE chain_registry_service.chains (
    id            serial      NOT NULL,
    caip2         chain_registry_service.caip2_chain NOT NULL,
    -- NULL for non-EVM chains, which have no numeric chain id (inferred).
    chain_numeric integer,
    name          text        NOT NULL,
    native_symbol text        NOT NULL,
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_chains PRIMARY KEY (id),
    CONSTRAINT uq_chains_caip2 UNIQUE (caip2),
    CONSTRAINT uq_chains_chain_numeric UNIQUE (chain_numeric)
);

-- Only sketched by the design; the key and enabled flag are inferred.
CREATE TABLE chain_registry_service.chain_endpoints (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    chain_id   integer     NOT NULL,
    url        text        NOT NULL,
    priority   integer     NOT NULL DEFAULT 0,
    weight     integer     NOT NULL DEFAULT 1,
    rate_limit integer,                       -- requests per second; NULL = unlimited
    enabled    boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_chain_endpoints PRIMARY KEY (id),
    CONSTRAINT fk_chain_endpoints_chain_id FOREIGN KEY (chain_id)
        REFERENCES chain_registry_service.chains (id) ON DELETE CASCADE,
    CONSTRAINT uq_chain_endpoints_chain_url UNIQUE (chain_id, url),
    CONSTRAINT ck_chain_endpoints_priority CHECK (priority >= 0),
    CONSTRAINT ck_chain_endpoints_weight CHECK (weight > 0),
    CONSTRAINT ck_chain_endpoints_rate_limit CHECK (rate_limit > 0)
);

CREATE TABLE chain_registry_service.abi_blobs (
    sha256     char(64)    NOT NULL,
    standard   text        NOT NULL,
    abi_json   jsonb       NOT NULL,
    s3_key     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_abi_blobs PRIMARY KEY (sha256),
    CONSTRAINT ck_abi_blobs_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT ck_abi_blobs_standard CHECK (standard IN ('erc721', 'erc1155', 'custom', 'proxy'))
);

CREATE TABLE chain_registry_service.chain_contracts (
    chain_id   integer     NOT NULL,
    address    chain_registry_service.evm_address NOT NULL,
    abi_sha256 char(64),
    standard   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_chain_contracts PRIMARY KEY (chain_id, address),
    CONSTRAINT fk_chain_contracts_chain_id FOREIGN KEY (chain_id)
        REFERENCES chain_registry_service.chains (id) ON DELETE CASCADE,
    CONSTRAINT fk_chain_contracts_abi_sha256 FOREIGN KEY (abi_sha256)
        REFERENCES chain_registry_service.abi_blobs (sha256),
    -- Same vocabulary as abi_blobs.standard (inferred).
    CONSTRAINT ck_chain_contracts_standard
        CHECK (standard IN ('erc721', 'erc1155', 'custom', 'proxy'))
);
CREATE INDEX ix_chain_contracts_abi_sha256 ON chain_registry_service.chain_contracts (abi_sha256);

-- ---------------------------------------------------------------------------
-- 6. orchestrator_service
-- ---------------------------------------------------------------------------

CREATE TABLE orchestrator_service.tx_intents (
    intent_id        uuid         NOT NULL DEFAULT gen_random_uuid(),
    kind             text         NOT NULL,
    chain_id         chain_registry_service.caip2_chain NOT NULL,
    tx_hash          chain_registry_service.evm_tx_hash,   -- NULL until submitted
    status           text         NOT NULL DEFAULT 'pending',
    auth_session_id  varchar(255),
    req_payload_json jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_tx_intents PRIMARY KEY (intent_id),
    CONSTRAINT ck_tx_intents_status CHECK (status IN ('pending', 'ready', 'failed', 'expired'))
);
CREATE INDEX ix_tx_intents_auth_session_id ON orchestrator_service.tx_intents (auth_session_id);
CREATE INDEX ix_tx_intents_tx_hash ON orchestrator_service.tx_intents (tx_hash);
CREATE INDEX ix_tx_intents_pending
    ON orchestrator_service.tx_intents (created_at) WHERE status = 'pending';

-- Only sketched by the design: the key, the FK to tx_intents and created_at are
-- inferred. session_id matches tx_intents.auth_session_id (varchar(255)), not
-- auth_service.sessions, which belongs to another service.
CREATE TABLE orchestrator_service.session_intent_audit (
    id         uuid         NOT NULL DEFAULT gen_random_uuid(),
    session_id varchar(255) NOT NULL,
    intent_id  uuid         NOT NULL,
    user_id    uuid,
    audit_data jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_session_intent_audit PRIMARY KEY (id),
    CONSTRAINT fk_session_intent_audit_intent_id FOREIGN KEY (intent_id)
        REFERENCES orchestrator_service.tx_intents (intent_id) ON DELETE CASCADE
);
CREATE INDEX ix_session_intent_audit_intent_id
    ON orchestrator_service.session_intent_audit (intent_id);
CREATE INDEX ix_session_intent_audit_session_id
    ON orchestrator_service.session_intent_audit (session_id);

-- ---------------------------------------------------------------------------
-- 7. indexer_service
-- ---------------------------------------------------------------------------

-- chain_id is text as the design says (it holds a CAIP-2 id).
CREATE TABLE indexer_service.indexer_checkpoints (
    chain_id        text        NOT NULL,
    last_block      bigint      NOT NULL DEFAULT 0,
    last_block_hash text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_indexer_checkpoints PRIMARY KEY (chain_id),
    CONSTRAINT ck_indexer_checkpoints_last_block CHECK (last_block >= 0)
);
