"""`schema.sql` and `models.py` of expected_schema/nft_instances describe one target.

Both are materialised in a scratch database on the test server and read back by
drift's catalog reader; their canonical snapshots (`Catalog.to_dict()`) must be equal.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest

from drift.model import Catalog
from drift.sources import load_expected

pytestmark = pytest.mark.integration

TARGET = Path(__file__).resolve().parents[2] / "expected_schema" / "nft_instances"
TABLES = {
    "admins", "bingo_cards", "bingo_cells", "nft_definitions", "nft_instances",
    "nft_templates", "prize_draw_results", "prize_draw_types",
    "prize_draw_winning_numbers", "users",
}


@pytest.fixture(scope="module")
def sql_catalog(pg_server: str) -> Catalog:
    return load_expected(TARGET / "schema.sql", pg_server).catalog


@pytest.fixture(scope="module")
def models_catalog(pg_server: str) -> Catalog:
    return load_expected(TARGET / "models.py", pg_server).catalog


def _diff(left: Any, right: Any) -> str:
    a = json.dumps(left, indent=2, sort_keys=True).splitlines()
    b = json.dumps(right, indent=2, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "schema.sql", "models.py", lineterm=""))


def test_models_match_schema_sql(sql_catalog: Catalog, models_catalog: Catalog) -> None:
    sql, models = sql_catalog.to_dict(), models_catalog.to_dict()

    sql_tables = {t["name"]: t for t in sql.pop("tables")}
    models_tables = {t["name"]: t for t in models.pop("tables")}
    assert sql == models, f"catalog header differs:\n{_diff(sql, models)}"
    assert sorted(sql_tables) == sorted(models_tables), "the two sources define different tables"

    differing = [name for name in sorted(sql_tables) if sql_tables[name] != models_tables[name]]
    report = "\n\n".join(f"table {name}:\n{_diff(sql_tables[name], models_tables[name])}"
                         for name in differing)
    assert not differing, f"tables differ: {', '.join(differing)}\n{report}"


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
