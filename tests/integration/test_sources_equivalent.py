"""`schema.sql` and `models.py` of one target describe one target.

For expected_schema/nft_instances and expected_schema/marketplace, both files are
materialised in a scratch database on the test server and read back by drift's
catalog reader; their canonical snapshots (`Catalog.to_dict()`) must be equal: the
tables one by one, and the other objects (extensions, enums, domains, sequences,
functions, views, triggers) one by one.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest

from drift.model import Catalog, ObjectKind
from drift.sources import load_expected

pytestmark = pytest.mark.integration

EXPECTED = Path(__file__).resolve().parents[2] / "expected_schema"
TARGET = EXPECTED / "nft_instances"
MARKETPLACE = EXPECTED / "marketplace"
TABLES = {
    "admins", "bingo_cards", "bingo_cells", "nft_definitions", "nft_instances",
    "nft_templates", "prize_draw_results", "prize_draw_types",
    "prize_draw_winning_numbers", "users",
}
MARKETPLACE_SCHEMAS = ("auth_service", "catalog_service", "chain_registry_service",
                       "indexer_service", "orchestrator_service", "public", "user_service",
                       "wallet_service")
MARKETPLACE_TABLES = {
    ("auth_service", "auth_nonces"), ("auth_service", "login_events"),
    ("auth_service", "sessions"),
    ("user_service", "profiles"), ("user_service", "user_follows"),
    ("user_service", "user_preferences"), ("user_service", "user_stats"),
    ("user_service", "users"),
    ("wallet_service", "wallet_activity"), ("wallet_service", "wallet_links"),
    ("wallet_service", "wallet_verifications"),
    ("catalog_service", "activities"), ("catalog_service", "collections"),
    ("catalog_service", "listings"), ("catalog_service", "marketplaces"),
    ("catalog_service", "offers"), ("catalog_service", "sales"),
    ("catalog_service", "token_trait_links"), ("catalog_service", "tokens"),
    ("catalog_service", "trait_values"), ("catalog_service", "traits"),
    ("chain_registry_service", "abi_blobs"), ("chain_registry_service", "chain_contracts"),
    ("chain_registry_service", "chain_endpoints"), ("chain_registry_service", "chains"),
    ("orchestrator_service", "session_intent_audit"), ("orchestrator_service", "tx_intents"),
    ("indexer_service", "indexer_checkpoints"),
}
MARKETPLACE_OBJECTS = {
    ("extension", "public", "", "pg_trgm"),
    ("enum", "catalog_service", "", "order_status"),
    ("domain", "chain_registry_service", "", "caip2_chain"),
    ("domain", "chain_registry_service", "", "evm_address"),
    ("domain", "chain_registry_service", "", "evm_tx_hash"),
    ("function", "user_service", "", "fn_user_follows_update_counts()"),
    ("function", "user_service", "", "fn_users_create_related_rows()"),
    ("view", "catalog_service", "", "active_listings"),
    ("trigger", "user_service", "user_follows", "trg_user_follows_update_counts"),
    ("trigger", "user_service", "users", "trg_users_create_related_rows"),
}


@pytest.fixture(scope="module")
def sql_catalog(pg_server: str) -> Catalog:
    return load_expected(TARGET / "schema.sql", pg_server).catalog


@pytest.fixture(scope="module")
def models_catalog(pg_server: str) -> Catalog:
    return load_expected(TARGET / "models.py", pg_server).catalog


@pytest.fixture(scope="module")
def marketplace_sql(pg_server: str) -> Catalog:
    return load_expected(MARKETPLACE / "schema.sql", pg_server).catalog


@pytest.fixture(scope="module")
def marketplace_models(pg_server: str) -> Catalog:
    return load_expected(MARKETPLACE / "models.py", pg_server).catalog


def _diff(left: Any, right: Any) -> str:
    a = json.dumps(left, indent=2, sort_keys=True).splitlines()
    b = json.dumps(right, indent=2, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "schema.sql", "models.py", lineterm=""))


def _assert_same_catalog(sql_catalog: Catalog, models_catalog: Catalog) -> None:
    """Equal `to_dict()`; on failure, a diff per differing table and per object."""
    sql, models = sql_catalog.to_dict(), models_catalog.to_dict()

    def qualified(t: dict[str, Any]) -> str:
        return f"{t['schema']}.{t['name']}"

    sql_tables = {qualified(t): t for t in sql.pop("tables")}
    models_tables = {qualified(t): t for t in models.pop("tables")}
    assert sorted(sql_tables) == sorted(models_tables), (
        "the two sources define different tables:\n"
        f"only in schema.sql: {sorted(set(sql_tables) - set(models_tables))}\n"
        f"only in models.py: {sorted(set(models_tables) - set(sql_tables))}")
    differing = [name for name in sorted(sql_tables) if sql_tables[name] != models_tables[name]]
    report = "\n\n".join(f"table {name}:\n{_diff(sql_tables[name], models_tables[name])}"
                         for name in differing)
    assert not differing, f"tables differ: {', '.join(differing)}\n{report}"

    def key(o: dict[str, Any]) -> str:
        return "/".join((o["kind"], o["schema"], o["table"] or "", o["name"]))

    sql_objects = {key(o): o for o in sql.pop("objects")}
    models_objects = {key(o): o for o in models.pop("objects")}
    assert sorted(sql_objects) == sorted(models_objects), (
        "the two sources define different objects:\n"
        f"only in schema.sql: {sorted(set(sql_objects) - set(models_objects))}\n"
        f"only in models.py: {sorted(set(models_objects) - set(sql_objects))}")
    differing = [k for k in sorted(sql_objects) if sql_objects[k] != models_objects[k]]
    report = "\n\n".join(f"object {k}:\n{_diff(sql_objects[k], models_objects[k])}"
                         for k in differing)
    assert not differing, f"objects differ: {', '.join(differing)}\n{report}"

    assert sql == models, f"catalog header differs:\n{_diff(sql, models)}"


def test_models_match_schema_sql(sql_catalog: Catalog, models_catalog: Catalog) -> None:
    _assert_same_catalog(sql_catalog, models_catalog)


def test_target_tables_and_partial_unique_index(sql_catalog: Catalog,
                                                models_catalog: Catalog) -> None:
    for catalog in (sql_catalog, models_catalog):
        assert catalog.schemas == ("public",)
        assert {name for schema, name in catalog.tables} == TABLES
        assert len(catalog.tables) == 10

        instances = catalog.table("public", "nft_instances")
        assert instances is not None
        index = instances.index("uq_nft_instances_blockchain_nft_id")
        assert index is not None
        assert index.unique and not index.primary
        assert index.constraint is None  # a bare unique index, not a UNIQUE constraint
        assert index.method == "btree"
        assert index.keys == ("blockchain_nft_id",)
        assert index.predicate == "blockchain_nft_id IS NOT NULL"
        assert index.definition == (
            "CREATE UNIQUE INDEX uq_nft_instances_blockchain_nft_id ON public.nft_instances "
            "USING btree (blockchain_nft_id) WHERE (blockchain_nft_id IS NOT NULL)"
        )


def test_marketplace_models_match_schema_sql(marketplace_sql: Catalog,
                                             marketplace_models: Catalog) -> None:
    _assert_same_catalog(marketplace_sql, marketplace_models)


def test_marketplace_target_is_all_there(marketplace_sql: Catalog,
                                         marketplace_models: Catalog) -> None:
    """Equality alone would pass if both sources lost the same thing; pin the content."""
    for catalog in (marketplace_sql, marketplace_models):
        assert catalog.schemas == MARKETPLACE_SCHEMAS
        assert set(catalog.tables) == MARKETPLACE_TABLES
        assert set(catalog.objects) == MARKETPLACE_OBJECTS

        evm_address = catalog.objects[("domain", "chain_registry_service", "", "evm_address")]
        assert evm_address.kind is ObjectKind.DOMAIN
        assert evm_address.definition == (
            "character varying(42) | ck_evm_address_format "
            "CHECK (VALUE::text ~ '^0x[0-9a-f]{40}$'::text)")
        order_status = catalog.objects[("enum", "catalog_service", "", "order_status")]
        assert order_status.definition == "active,filled,cancelled,expired"

        wallets = catalog.table("wallet_service", "wallet_links")
        assert wallets is not None
        address = wallets.column("address")
        assert address is not None and address.type == "chain_registry_service.evm_address"
        primary = wallets.index("uq_wallet_links_one_primary_per_user")
        assert primary is not None
        assert primary.unique and primary.constraint is None
        assert (primary.keys, primary.predicate) == (("user_id",), "is_primary")

        listings = catalog.table("catalog_service", "listings")
        assert listings is not None
        status = listings.column("status")
        assert status is not None
        assert status.type == "catalog_service.order_status"
        assert status.default == "'active'::catalog_service.order_status"
        assert [c.name for c in listings.columns][:4] == [
            "id", "token_id", "marketplace_id", "seller_address"]

        collections = catalog.table("catalog_service", "collections")
        assert collections is not None
        trgm = collections.index("ix_collections_name_trgm")
        assert trgm is not None
        assert (trgm.method, trgm.keys, trgm.key_options) == ("gin", ("name",), ("gin_trgm_ops",))

        activities = catalog.table("catalog_service", "activities")
        assert activities is not None
        feed = activities.index("ix_activities_token_id_timestamp")
        assert feed is not None
        assert (feed.keys, feed.key_options) == (("token_id", "timestamp"), ("", "DESC"))

        chains = catalog.table("chain_registry_service", "chains")
        assert chains is not None
        chain_id = chains.column("id")
        assert chain_id is not None
        assert (chain_id.type, chain_id.default) == ("integer", "nextval(<owned sequence>)")
