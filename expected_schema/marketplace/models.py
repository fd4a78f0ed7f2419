"""SQLAlchemy models for the NFT marketplace's target schema (docs/marketplace.md).

This is the same target as `schema.sql` beside it, written as SQLAlchemy 2.x
declarative models: drift materialises either file in a scratch PostgreSQL and
reads back the identical catalog (see tests/integration/test_sources_equivalent.py).
The rationale of each table, column and constraint is documented in `schema.sql`;
this file only says what a SQLAlchemy project needs to say the same thing.

To keep the two equal in drift's eyes:

* every table lives in its service's schema (`schema=` in `__table_args__`), and every
  primary key, unique constraint, foreign key, CHECK and index carries the explicit
  name it has in `schema.sql`;
* attributes are declared in the SQL's column order, which is the table's order;
* CHECKs use the SQL's expression text; the server normalises both the same way;
* the shared chain domains are `postgresql.DOMAIN` types in chain_registry_service,
  and `order_status` a `postgresql.ENUM` in catalog_service: `create_all` creates each
  type once, before the first table that uses it;
* server defaults are SQL expressions (`now()`, `gen_random_uuid()`, `'active'`, ...);
* `chains.id`, the only single-column integer key, is created as SERIAL, like the SQL;
* what has no declarative form (the pg_trgm extension, the trigger functions, the
  triggers and the view) is the SQL's own DDL text, run by `before_create` /
  `after_create` listeners on the metadata. The function bodies are duplicated here
  on purpose: drift compares them by `pg_get_functiondef`, which keeps the body text.

`wallet_activity.metadata` is mapped as `metadata_` because `metadata` is reserved on
a declarative class; the column itself is still named `metadata`.
"""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

AUTH = "auth_service"
USER = "user_service"
WALLET = "wallet_service"
CATALOG = "catalog_service"
CHAIN = "chain_registry_service"
ORCHESTRATOR = "orchestrator_service"
INDEXER = "indexer_service"

NOW = sa.text("now()")
NEW_UUID = sa.text("gen_random_uuid()")
FALSE = sa.text("false")
TRUE = sa.text("true")
ZERO = sa.text("0")
ONE = sa.text("1")
EMPTY_JSON = sa.text("'{}'::jsonb")

TIMESTAMPTZ = sa.DateTime(timezone=True)
AMOUNT = sa.Numeric(20, 8)
PRICE = sa.Numeric(38, 18)

# -- shared chain domains (chain_registry_service) -------------------------------------

CAIP2_CHAIN = postgresql.DOMAIN(
    "caip2_chain", sa.String(41), schema=CHAIN, constraint_name="ck_caip2_chain_format",
    check=sa.text("VALUE ~ '^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$'"))
EVM_ADDRESS = postgresql.DOMAIN(
    "evm_address", sa.String(42), schema=CHAIN, constraint_name="ck_evm_address_format",
    check=sa.text("VALUE ~ '^0x[0-9a-f]{40}$'"))
EVM_TX_HASH = postgresql.DOMAIN(
    "evm_tx_hash", sa.String(66), schema=CHAIN, constraint_name="ck_evm_tx_hash_format",
    check=sa.text("VALUE ~ '^0x[0-9a-f]{64}$'"))

# -- catalog_service.order_status ------------------------------------------------------

ORDER_STATUS = postgresql.ENUM("active", "filled", "cancelled", "expired",
                               name="order_status", schema=CATALOG)


class Base(DeclarativeBase):
    pass


def uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid, primary_key=True, server_default=NEW_UUID)


def created_at() -> Mapped[datetime]:
    return mapped_column(TIMESTAMPTZ, server_default=NOW)


def updated_at() -> Mapped[datetime]:
    return mapped_column(TIMESTAMPTZ, server_default=NOW)


# ---------------------------------------------------------------------------------------
# 1. auth_service
# ---------------------------------------------------------------------------------------


class AuthNonce(Base):
    __tablename__ = "auth_nonces"
    __table_args__ = (
        sa.PrimaryKeyConstraint("nonce", name="pk_auth_nonces"),
        sa.CheckConstraint("nonce ~ '^[0-9a-f]{8,64}$'", name="ck_auth_nonces_nonce_hex"),
        sa.CheckConstraint(
            "expires_at > issued_at AND expires_at <= issued_at + interval '10 minutes'",
            name="ck_auth_nonces_expiry_window"),
        sa.Index("ix_auth_nonces_account_id", "account_id"),
        sa.Index("ix_auth_nonces_expires_at", "expires_at"),
        {"schema": AUTH},
    )

    nonce: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(EVM_ADDRESS)
    domain: Mapped[str] = mapped_column(sa.String(255))
    chain_id: Mapped[str] = mapped_column(sa.String(32))
    issued_at: Mapped[datetime] = mapped_column(TIMESTAMPTZ, server_default=NOW)
    expires_at: Mapped[datetime] = mapped_column(TIMESTAMPTZ)
    used: Mapped[bool] = mapped_column(sa.Boolean, server_default=FALSE)


class Session(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        sa.PrimaryKeyConstraint("session_id", name="pk_sessions"),
        sa.UniqueConstraint("refresh_hash", name="uq_sessions_refresh_hash"),
        sa.CheckConstraint("expires_at > created_at", name="ck_sessions_expires_after_created"),
        sa.Index("ix_sessions_user_id", "user_id"),
        sa.Index("ix_sessions_expires_at", "expires_at"),
        {"schema": AUTH},
    )

    session_id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    refresh_hash: Mapped[str] = mapped_column(sa.String(128))
    ip_address: Mapped[str | None] = mapped_column(postgresql.INET)
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime] = mapped_column(TIMESTAMPTZ)
    revoked_at: Mapped[datetime | None] = mapped_column(TIMESTAMPTZ)
    collection_intent_context: Mapped[dict[str, Any] | None] = mapped_column(postgresql.JSONB)


class LoginEvent(Base):
    __tablename__ = "login_events"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_login_events"),
        sa.CheckConstraint(
            "result IN ('success', 'failed', 'invalid_signature', 'invalid_nonce', "
            "'expired_nonce', 'invalid_message', 'rate_limited')",
            name="ck_login_events_result"),
        sa.Index("ix_login_events_user_id", "user_id"),
        {"schema": AUTH},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    account_id: Mapped[str | None] = mapped_column(sa.String(42))
    result: Mapped[str] = mapped_column(sa.String(32))
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    ip_address: Mapped[str | None] = mapped_column(postgresql.INET)
    created_at: Mapped[datetime] = created_at()


sa.Index("ix_login_events_account_id_created_at",
         LoginEvent.account_id, LoginEvent.created_at.desc())


# ---------------------------------------------------------------------------------------
# 2. user_service
# ---------------------------------------------------------------------------------------


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", name="pk_users"),
        sa.CheckConstraint("status IN ('active', 'banned', 'deleted', 'suspended')",
                           name="ck_users_status"),
        {"schema": USER},
    )

    user_id: Mapped[uuid.UUID] = uuid_pk()
    status: Mapped[str] = mapped_column(sa.String(32), server_default=sa.text("'active'"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class Profile(Base):
    __tablename__ = "profiles"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", name="pk_profiles"),
        sa.ForeignKeyConstraint(["user_id"], [f"{USER}.users.user_id"], ondelete="CASCADE",
                                name="fk_profiles_user_id"),
        sa.UniqueConstraint("username", name="uq_profiles_username"),
        sa.CheckConstraint("username ~ '^[A-Za-z0-9_]{3,30}$'",
                           name="ck_profiles_username_format"),
        sa.CheckConstraint("char_length(bio) <= 500", name="ck_profiles_bio_length"),
        {"schema": USER},
    )

    user_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    username: Mapped[str | None] = mapped_column(sa.String(30))
    display_name: Mapped[str | None] = mapped_column(sa.String(50))
    bio: Mapped[str | None] = mapped_column(sa.Text)
    avatar_url: Mapped[str | None] = mapped_column(sa.Text)
    banner_url: Mapped[str | None] = mapped_column(sa.Text)
    socials_json: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB,
                                                         server_default=EMPTY_JSON)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class UserPreferences(Base):
    __tablename__ = "user_preferences"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", name="pk_user_preferences"),
        sa.ForeignKeyConstraint(["user_id"], [f"{USER}.users.user_id"], ondelete="CASCADE",
                                name="fk_user_preferences_user_id"),
        sa.CheckConstraint("theme IN ('light', 'dark', 'auto')",
                           name="ck_user_preferences_theme"),
        sa.CheckConstraint("privacy_level IN ('public', 'private', 'friends')",
                           name="ck_user_preferences_privacy_level"),
        {"schema": USER},
    )

    user_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    email_notifications: Mapped[bool] = mapped_column(sa.Boolean, server_default=TRUE)
    push_notifications: Mapped[bool] = mapped_column(sa.Boolean, server_default=TRUE)
    marketing_emails: Mapped[bool] = mapped_column(sa.Boolean, server_default=FALSE)
    theme: Mapped[str] = mapped_column(sa.String(20), server_default=sa.text("'auto'"))
    privacy_level: Mapped[str] = mapped_column(sa.String(20), server_default=sa.text("'public'"))
    currency: Mapped[str] = mapped_column(sa.String(10), server_default=sa.text("'USD'"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


USER_STATS_COUNTS = ("collections_count", "items_count", "listings_count", "sales_count",
                     "purchases_count", "followers_count", "following_count",
                     "volume_sold", "volume_purchased")


class UserStats(Base):
    __tablename__ = "user_stats"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", name="pk_user_stats"),
        sa.ForeignKeyConstraint(["user_id"], [f"{USER}.users.user_id"], ondelete="CASCADE",
                                name="fk_user_stats_user_id"),
        *(sa.CheckConstraint(f"{column} >= 0", name=f"ck_user_stats_{column}")
          for column in USER_STATS_COUNTS),
        {"schema": USER},
    )

    user_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    collections_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    items_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    listings_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    sales_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    purchases_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    volume_sold: Mapped[Decimal] = mapped_column(AMOUNT, server_default=ZERO)
    volume_purchased: Mapped[Decimal] = mapped_column(AMOUNT, server_default=ZERO)
    followers_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    following_count: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    updated_at: Mapped[datetime] = updated_at()


class UserFollow(Base):
    __tablename__ = "user_follows"
    __table_args__ = (
        sa.PrimaryKeyConstraint("follower_id", "following_id", name="pk_user_follows"),
        sa.ForeignKeyConstraint(["follower_id"], [f"{USER}.users.user_id"], ondelete="CASCADE",
                                name="fk_user_follows_follower_id"),
        sa.ForeignKeyConstraint(["following_id"], [f"{USER}.users.user_id"],
                                ondelete="CASCADE", name="fk_user_follows_following_id"),
        sa.CheckConstraint("follower_id <> following_id", name="ck_user_follows_no_self_follow"),
        sa.Index("ix_user_follows_following_id", "following_id"),
        {"schema": USER},
    )

    follower_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    following_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    created_at: Mapped[datetime] = created_at()


# ---------------------------------------------------------------------------------------
# 3. wallet_service
# ---------------------------------------------------------------------------------------


class WalletLink(Base):
    __tablename__ = "wallet_links"
    __table_args__ = (
        sa.PrimaryKeyConstraint("wallet_id", name="pk_wallet_links"),
        sa.UniqueConstraint("user_id", "address", "chain_id",
                            name="uq_wallet_links_user_address_chain"),
        sa.CheckConstraint("type IN ('eoa', 'contract', 'multisig', 'smart_account')",
                           name="ck_wallet_links_type"),
        # Only one primary wallet per user.
        sa.Index("uq_wallet_links_one_primary_per_user", "user_id", unique=True,
                 postgresql_where=sa.text("is_primary")),
        sa.Index("ix_wallet_links_address", "address"),
        {"schema": WALLET},
    )

    wallet_id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    address: Mapped[str] = mapped_column(EVM_ADDRESS)
    chain_id: Mapped[str] = mapped_column(sa.String(32))
    is_primary: Mapped[bool] = mapped_column(sa.Boolean, server_default=FALSE)
    type: Mapped[str] = mapped_column(sa.String(20), server_default=sa.text("'eoa'"))
    connector: Mapped[str | None] = mapped_column(sa.String(50))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class WalletActivity(Base):
    __tablename__ = "wallet_activity"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_wallet_activity"),
        sa.ForeignKeyConstraint(["wallet_id"], [f"{WALLET}.wallet_links.wallet_id"],
                                ondelete="CASCADE", name="fk_wallet_activity_wallet_id"),
        sa.CheckConstraint(
            "action IN ('linked', 'unlinked', 'set_primary', 'verified', 'updated')",
            name="ck_wallet_activity_action"),
        sa.Index("ix_wallet_activity_wallet_id", "wallet_id"),
        {"schema": WALLET},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    wallet_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    action: Mapped[str] = mapped_column(sa.String(50))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", postgresql.JSONB,
                                                      server_default=EMPTY_JSON)
    ip_address: Mapped[str | None] = mapped_column(postgresql.INET)
    user_agent: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at()


class WalletVerification(Base):
    __tablename__ = "wallet_verifications"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_wallet_verifications"),
        sa.ForeignKeyConstraint(["wallet_id"], [f"{WALLET}.wallet_links.wallet_id"],
                                ondelete="CASCADE", name="fk_wallet_verifications_wallet_id"),
        sa.CheckConstraint("status IN ('pending', 'verified', 'failed', 'expired')",
                           name="ck_wallet_verifications_status"),
        sa.Index("ix_wallet_verifications_wallet_id", "wallet_id"),
        {"schema": WALLET},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    wallet_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    verification_type: Mapped[str] = mapped_column(sa.String(50))
    status: Mapped[str] = mapped_column(sa.String(20), server_default=sa.text("'pending'"))
    verification_data: Mapped[dict[str, Any] | None] = mapped_column(postgresql.JSONB)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


# ---------------------------------------------------------------------------------------
# 4. catalog_service
# ---------------------------------------------------------------------------------------


class Collection(Base):
    __tablename__ = "collections"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_collections"),
        sa.UniqueConstraint("slug", name="uq_collections_slug"),
        sa.UniqueConstraint("chain_id", "contract_address", name="uq_collections_chain_contract"),
        sa.CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="ck_collections_slug_format"),
        sa.CheckConstraint("mint_end_time > mint_start_time", name="ck_collections_mint_window"),
        sa.CheckConstraint("mint_limit_per_wallet > 0", name="ck_collections_mint_limit"),
        sa.Index("ix_collections_name_trgm", "name", postgresql_using="gin",
                 postgresql_ops={"name": "public.gin_trgm_ops"}),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(sa.Text)
    name: Mapped[str] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    chain_id: Mapped[str] = mapped_column(sa.Text)
    contract_address: Mapped[str | None] = mapped_column(sa.Text)
    creator: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.Text)
    collection_type: Mapped[str | None] = mapped_column(sa.Text)
    max_supply: Mapped[str | None] = mapped_column(sa.Text)
    total_supply: Mapped[str | None] = mapped_column(sa.Text)
    mint_price: Mapped[Decimal | None] = mapped_column(AMOUNT)
    mint_limit_per_wallet: Mapped[int | None] = mapped_column(sa.Integer)
    mint_start_time: Mapped[datetime | None] = mapped_column(TIMESTAMPTZ)
    mint_end_time: Mapped[datetime | None] = mapped_column(TIMESTAMPTZ)
    website_url: Mapped[str | None] = mapped_column(sa.Text)
    discord_url: Mapped[str | None] = mapped_column(sa.Text)
    twitter_url: Mapped[str | None] = mapped_column(sa.Text)
    instagram_url: Mapped[str | None] = mapped_column(sa.Text)
    floor_price: Mapped[Decimal | None] = mapped_column(AMOUNT)
    volume_traded: Mapped[Decimal] = mapped_column(AMOUNT, server_default=ZERO)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class Token(Base):
    __tablename__ = "tokens"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_tokens"),
        sa.ForeignKeyConstraint(["collection_id"], [f"{CATALOG}.collections.id"],
                                ondelete="CASCADE", name="fk_tokens_collection_id"),
        sa.UniqueConstraint("collection_id", "token_number",
                            name="uq_tokens_collection_token_number"),
        sa.CheckConstraint("token_number ~ '^[0-9]+$'", name="ck_tokens_token_number_digits"),
        sa.Index("ix_tokens_owner_address", "owner_address"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    collection_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    chain_id: Mapped[str] = mapped_column(sa.Text)
    contract_address: Mapped[str] = mapped_column(sa.Text)
    token_number: Mapped[str] = mapped_column(sa.Text)
    token_standard: Mapped[str | None] = mapped_column(sa.Text)
    name: Mapped[str | None] = mapped_column(sa.Text)
    image_url: Mapped[str | None] = mapped_column(sa.Text)
    metadata_url: Mapped[str | None] = mapped_column(sa.Text)
    owner_address: Mapped[str | None] = mapped_column(sa.Text)
    burned: Mapped[bool] = mapped_column(sa.Boolean, server_default=FALSE)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class Trait(Base):
    __tablename__ = "traits"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_traits"),
        sa.ForeignKeyConstraint(["collection_id"], [f"{CATALOG}.collections.id"],
                                ondelete="CASCADE", name="fk_traits_collection_id"),
        sa.UniqueConstraint("collection_id", "trait_type", name="uq_traits_collection_trait_type"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    collection_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    trait_type: Mapped[str] = mapped_column(sa.Text)
    display_type: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at()


class TraitValue(Base):
    __tablename__ = "trait_values"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_trait_values"),
        sa.ForeignKeyConstraint(["trait_id"], [f"{CATALOG}.traits.id"], ondelete="CASCADE",
                                name="fk_trait_values_trait_id"),
        sa.UniqueConstraint("trait_id", "value", name="uq_trait_values_trait_value"),
        sa.CheckConstraint("occurrences >= 0", name="ck_trait_values_occurrences"),
        sa.CheckConstraint("rarity_score >= 0", name="ck_trait_values_rarity_score"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    trait_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    value: Mapped[str] = mapped_column(sa.Text)
    occurrences: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    rarity_score: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 6))
    created_at: Mapped[datetime] = created_at()


class TokenTraitLink(Base):
    __tablename__ = "token_trait_links"
    __table_args__ = (
        sa.PrimaryKeyConstraint("token_id", "trait_value_id", name="pk_token_trait_links"),
        sa.ForeignKeyConstraint(["token_id"], [f"{CATALOG}.tokens.id"], ondelete="CASCADE",
                                name="fk_token_trait_links_token_id"),
        sa.ForeignKeyConstraint(["trait_value_id"], [f"{CATALOG}.trait_values.id"],
                                ondelete="CASCADE", name="fk_token_trait_links_trait_value_id"),
        sa.Index("ix_token_trait_links_trait_value_id", "trait_value_id"),
        {"schema": CATALOG},
    )

    token_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    trait_value_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)


class Marketplace(Base):
    __tablename__ = "marketplaces"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_marketplaces"),
        sa.UniqueConstraint("slug", name="uq_marketplaces_slug"),
        sa.CheckConstraint("fee_bps BETWEEN 0 AND 10000", name="ck_marketplaces_fee_bps"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(sa.Text)
    name: Mapped[str] = mapped_column(sa.Text)
    website_url: Mapped[str | None] = mapped_column(sa.Text)
    fee_bps: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    created_at: Mapped[datetime] = created_at()


class Listing(Base):
    __tablename__ = "listings"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_listings"),
        sa.ForeignKeyConstraint(["token_id"], [f"{CATALOG}.tokens.id"], ondelete="CASCADE",
                                name="fk_listings_token_id"),
        sa.ForeignKeyConstraint(["marketplace_id"], [f"{CATALOG}.marketplaces.id"],
                                name="fk_listings_marketplace_id"),
        sa.CheckConstraint("price_native > 0", name="ck_listings_price_positive"),
        sa.CheckConstraint("quantity > 0", name="ck_listings_quantity_positive"),
        sa.CheckConstraint("expires_at > starts_at", name="ck_listings_expiry"),
        sa.Index("ix_listings_token_id", "token_id"),
        sa.Index("ix_listings_marketplace_id", "marketplace_id"),
        sa.Index("ix_listings_active_price", "token_id", "price_native",
                 postgresql_where=sa.text("status = 'active'")),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    token_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    marketplace_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    seller_address: Mapped[str] = mapped_column(sa.Text)
    price_native: Mapped[Decimal] = mapped_column(PRICE)
    currency_symbol: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[int] = mapped_column(sa.Integer, server_default=ONE)
    status: Mapped[str] = mapped_column(ORDER_STATUS, server_default=sa.text("'active'"))
    starts_at: Mapped[datetime] = mapped_column(TIMESTAMPTZ, server_default=NOW)
    expires_at: Mapped[datetime | None] = mapped_column(TIMESTAMPTZ)
    tx_hash: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class Offer(Base):
    __tablename__ = "offers"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_offers"),
        sa.ForeignKeyConstraint(["token_id"], [f"{CATALOG}.tokens.id"], ondelete="CASCADE",
                                name="fk_offers_token_id"),
        sa.ForeignKeyConstraint(["marketplace_id"], [f"{CATALOG}.marketplaces.id"],
                                name="fk_offers_marketplace_id"),
        sa.CheckConstraint("price_native > 0", name="ck_offers_price_positive"),
        sa.CheckConstraint("quantity > 0", name="ck_offers_quantity_positive"),
        sa.Index("ix_offers_token_id", "token_id"),
        sa.Index("ix_offers_marketplace_id", "marketplace_id"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    token_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    marketplace_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    bidder_address: Mapped[str] = mapped_column(sa.Text)
    price_native: Mapped[Decimal] = mapped_column(PRICE)
    currency_symbol: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[int] = mapped_column(sa.Integer, server_default=ONE)
    status: Mapped[str] = mapped_column(ORDER_STATUS, server_default=sa.text("'active'"))
    expires_at: Mapped[datetime | None] = mapped_column(TIMESTAMPTZ)
    tx_hash: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_sales"),
        sa.ForeignKeyConstraint(["token_id"], [f"{CATALOG}.tokens.id"], ondelete="CASCADE",
                                name="fk_sales_token_id"),
        sa.ForeignKeyConstraint(["marketplace_id"], [f"{CATALOG}.marketplaces.id"],
                                name="fk_sales_marketplace_id"),
        sa.ForeignKeyConstraint(["listing_id"], [f"{CATALOG}.listings.id"], ondelete="SET NULL",
                                name="fk_sales_listing_id"),
        sa.ForeignKeyConstraint(["offer_id"], [f"{CATALOG}.offers.id"], ondelete="SET NULL",
                                name="fk_sales_offer_id"),
        sa.UniqueConstraint("tx_hash", "log_index", name="uq_sales_tx_hash_log_index"),
        sa.CheckConstraint("price_native > 0", name="ck_sales_price_positive"),
        sa.CheckConstraint("quantity > 0", name="ck_sales_quantity_positive"),
        sa.Index("ix_sales_token_id", "token_id"),
        sa.Index("ix_sales_marketplace_id", "marketplace_id"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    token_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    marketplace_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    listing_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    offer_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    seller_address: Mapped[str] = mapped_column(sa.Text)
    buyer_address: Mapped[str] = mapped_column(sa.Text)
    price_native: Mapped[Decimal] = mapped_column(PRICE)
    currency_symbol: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[int] = mapped_column(sa.Integer, server_default=ONE)
    tx_hash: Mapped[str] = mapped_column(sa.Text)
    log_index: Mapped[int] = mapped_column(sa.Integer)
    sold_at: Mapped[datetime] = mapped_column(TIMESTAMPTZ)
    created_at: Mapped[datetime] = created_at()


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        sa.ForeignKeyConstraint(["token_id"], [f"{CATALOG}.tokens.id"], ondelete="CASCADE",
                                name="fk_activities_token_id"),
        sa.CheckConstraint(
            "type IN ('listed', 'offer', 'sale', 'transfer', 'mint', 'burn')",
            name="ck_activities_type"),
        {"schema": CATALOG},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    type: Mapped[str] = mapped_column(sa.Text)
    token_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    from_address: Mapped[str | None] = mapped_column(sa.Text)
    to_address: Mapped[str | None] = mapped_column(sa.Text)
    price_native: Mapped[Decimal | None] = mapped_column(PRICE)
    currency_symbol: Mapped[str | None] = mapped_column(sa.Text)
    tx_hash: Mapped[str | None] = mapped_column(sa.Text)
    timestamp: Mapped[datetime] = mapped_column(TIMESTAMPTZ)
    created_at: Mapped[datetime] = created_at()


sa.Index("ix_activities_token_id_timestamp", Activity.token_id, Activity.timestamp.desc())


# ---------------------------------------------------------------------------------------
# 5. chain_registry_service
# ---------------------------------------------------------------------------------------


class Chain(Base):
    __tablename__ = "chains"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_chains"),
        sa.UniqueConstraint("caip2", name="uq_chains_caip2"),
        sa.UniqueConstraint("chain_numeric", name="uq_chains_chain_numeric"),
        {"schema": CHAIN},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)  # SERIAL
    caip2: Mapped[str] = mapped_column(CAIP2_CHAIN)
    chain_numeric: Mapped[int | None] = mapped_column(sa.Integer)
    name: Mapped[str] = mapped_column(sa.Text)
    native_symbol: Mapped[str] = mapped_column(sa.Text)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, server_default=TRUE)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class ChainEndpoint(Base):
    __tablename__ = "chain_endpoints"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_chain_endpoints"),
        sa.ForeignKeyConstraint(["chain_id"], [f"{CHAIN}.chains.id"], ondelete="CASCADE",
                                name="fk_chain_endpoints_chain_id"),
        sa.UniqueConstraint("chain_id", "url", name="uq_chain_endpoints_chain_url"),
        sa.CheckConstraint("priority >= 0", name="ck_chain_endpoints_priority"),
        sa.CheckConstraint("weight > 0", name="ck_chain_endpoints_weight"),
        sa.CheckConstraint("rate_limit > 0", name="ck_chain_endpoints_rate_limit"),
        {"schema": CHAIN},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    chain_id: Mapped[int] = mapped_column(sa.Integer)
    url: Mapped[str] = mapped_column(sa.Text)
    priority: Mapped[int] = mapped_column(sa.Integer, server_default=ZERO)
    weight: Mapped[int] = mapped_column(sa.Integer, server_default=ONE)
    rate_limit: Mapped[int | None] = mapped_column(sa.Integer)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, server_default=TRUE)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


ABI_STANDARDS = "standard IN ('erc721', 'erc1155', 'custom', 'proxy')"


class AbiBlob(Base):
    __tablename__ = "abi_blobs"
    __table_args__ = (
        sa.PrimaryKeyConstraint("sha256", name="pk_abi_blobs"),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="ck_abi_blobs_sha256_hex"),
        sa.CheckConstraint(ABI_STANDARDS, name="ck_abi_blobs_standard"),
        {"schema": CHAIN},
    )

    sha256: Mapped[str] = mapped_column(sa.CHAR(64), primary_key=True)
    standard: Mapped[str] = mapped_column(sa.Text)
    abi_json: Mapped[Any] = mapped_column(postgresql.JSONB)
    s3_key: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at()


class ChainContract(Base):
    __tablename__ = "chain_contracts"
    __table_args__ = (
        sa.PrimaryKeyConstraint("chain_id", "address", name="pk_chain_contracts"),
        sa.ForeignKeyConstraint(["chain_id"], [f"{CHAIN}.chains.id"], ondelete="CASCADE",
                                name="fk_chain_contracts_chain_id"),
        sa.ForeignKeyConstraint(["abi_sha256"], [f"{CHAIN}.abi_blobs.sha256"],
                                name="fk_chain_contracts_abi_sha256"),
        sa.CheckConstraint(ABI_STANDARDS, name="ck_chain_contracts_standard"),
        sa.Index("ix_chain_contracts_abi_sha256", "abi_sha256"),
        {"schema": CHAIN},
    )

    chain_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    address: Mapped[str] = mapped_column(EVM_ADDRESS, primary_key=True)
    abi_sha256: Mapped[str | None] = mapped_column(sa.CHAR(64))
    standard: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at()


# ---------------------------------------------------------------------------------------
# 6. orchestrator_service
# ---------------------------------------------------------------------------------------


class TxIntent(Base):
    __tablename__ = "tx_intents"
    __table_args__ = (
        sa.PrimaryKeyConstraint("intent_id", name="pk_tx_intents"),
        sa.CheckConstraint("status IN ('pending', 'ready', 'failed', 'expired')",
                           name="ck_tx_intents_status"),
        sa.Index("ix_tx_intents_auth_session_id", "auth_session_id"),
        sa.Index("ix_tx_intents_tx_hash", "tx_hash"),
        sa.Index("ix_tx_intents_pending", "created_at",
                 postgresql_where=sa.text("status = 'pending'")),
        {"schema": ORCHESTRATOR},
    )

    intent_id: Mapped[uuid.UUID] = uuid_pk()
    kind: Mapped[str] = mapped_column(sa.Text)
    chain_id: Mapped[str] = mapped_column(CAIP2_CHAIN)
    tx_hash: Mapped[str | None] = mapped_column(EVM_TX_HASH)
    status: Mapped[str] = mapped_column(sa.Text, server_default=sa.text("'pending'"))
    auth_session_id: Mapped[str | None] = mapped_column(sa.String(255))
    req_payload_json: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB,
                                                             server_default=EMPTY_JSON)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class SessionIntentAudit(Base):
    __tablename__ = "session_intent_audit"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="pk_session_intent_audit"),
        sa.ForeignKeyConstraint(["intent_id"], [f"{ORCHESTRATOR}.tx_intents.intent_id"],
                                ondelete="CASCADE", name="fk_session_intent_audit_intent_id"),
        sa.Index("ix_session_intent_audit_intent_id", "intent_id"),
        sa.Index("ix_session_intent_audit_session_id", "session_id"),
        {"schema": ORCHESTRATOR},
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    session_id: Mapped[str] = mapped_column(sa.String(255))
    intent_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    user_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    audit_data: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB,
                                                       server_default=EMPTY_JSON)
    created_at: Mapped[datetime] = created_at()


# ---------------------------------------------------------------------------------------
# 7. indexer_service
# ---------------------------------------------------------------------------------------


class IndexerCheckpoint(Base):
    __tablename__ = "indexer_checkpoints"
    __table_args__ = (
        sa.PrimaryKeyConstraint("chain_id", name="pk_indexer_checkpoints"),
        sa.CheckConstraint("last_block >= 0", name="ck_indexer_checkpoints_last_block"),
        {"schema": INDEXER},
    )

    chain_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    last_block: Mapped[int] = mapped_column(sa.BigInteger, server_default=ZERO)
    last_block_hash: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = updated_at()


metadata = Base.metadata

# ---------------------------------------------------------------------------------------
# What has no declarative form: the SQL's own DDL, run around create_all.
# ---------------------------------------------------------------------------------------

# pg_trgm backs ix_collections_name_trgm, so it must exist before the tables.
sa.event.listen(metadata, "before_create",
                sa.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))

# Every user gets its profile, preferences and stats rows at creation.
FN_USERS_CREATE_RELATED_ROWS = """\
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
$fn$"""

TRG_USERS_CREATE_RELATED_ROWS = """\
CREATE TRIGGER trg_users_create_related_rows
    AFTER INSERT ON user_service.users
    FOR EACH ROW EXECUTE FUNCTION user_service.fn_users_create_related_rows()"""

# Keeps user_stats.followers_count / following_count in step with user_follows.
# Decrements stop at zero so a stale count cannot trip the >= 0 checks.
FN_USER_FOLLOWS_UPDATE_COUNTS = """\
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
$fn$"""

TRG_USER_FOLLOWS_UPDATE_COUNTS = """\
CREATE TRIGGER trg_user_follows_update_counts
    AFTER INSERT OR DELETE ON user_service.user_follows
    FOR EACH ROW EXECUTE FUNCTION user_service.fn_user_follows_update_counts()"""

# Listings a buyer can act on now: active, not expired, token not burned.
VIEW_ACTIVE_LISTINGS = """\
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
   AND (l.expires_at IS NULL OR l.expires_at > now())"""

for _statement in (FN_USERS_CREATE_RELATED_ROWS, TRG_USERS_CREATE_RELATED_ROWS,
                   FN_USER_FOLLOWS_UPDATE_COUNTS, TRG_USER_FOLLOWS_UPDATE_COUNTS,
                   VIEW_ACTIVE_LISTINGS):
    sa.event.listen(metadata, "after_create", sa.DDL(_statement))
