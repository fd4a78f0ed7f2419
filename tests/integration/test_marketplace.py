"""The NFT marketplace (docs/marketplace.md): schemas per service, domains, CHECKs,
partial uniques, functions and triggers. Counts are the ones tests/fixtures/marketplace/
legacy.sql plants (its header derives them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.check import run_check
from drift.sources.sql import apply_sql
from tests.systems import plan_and_apply, row_counts

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "marketplace"
FIXTURES = ROOT / "tests" / "fixtures" / "marketplace"


def _summary(findings: list) -> list[tuple[str, str, str, str | None]]:
    return sorted((f.code, f.schema, f.table, f.object) for f in findings)


def test_legacy_report_names_every_planted_difference(new_db: str, pg_server: str) -> None:
    apply_sql(new_db, FIXTURES / "legacy.sql")
    findings = run_check(TARGET, new_db, scratch_url=pg_server).findings
    assert _summary(findings) == [
        ("DR121", "wallet_service", "wallet_links", "uq_wallet_links_one_primary_per_user"),
        ("DR131", "user_service", "user_follows", "trg_user_follows_update_counts"),
        ("DR132", "user_service", "", "fn_users_create_related_rows()"),
        ("DR134", "chain_registry_service", "", "evm_address"),
        ("DR401", "wallet_service", "wallet_links", "uq_wallet_links_one_primary_per_user"),
        ("DR404", "chain_registry_service", "", "evm_address"),
    ]
    by_code = {f.code: f for f in findings}
    primary = by_code["DR401"].evidence
    assert (primary["duplicate_groups"], primary["duplicate_rows"]) == (1, 2)
    upper = by_code["DR404"].evidence
    assert upper["violating_rows"] == 1
    assert "wallet_links" in by_code["DR404"].message  # it names where the bad row is
    assert "'light'" in by_code["DR132"].evidence["live"]  # the drifted body, shown


def test_resolved_legacy_converges_without_losing_rows(new_db: str, pg_server: str,
                                                       tmp_path: Path) -> None:
    apply_sql(new_db, FIXTURES / "legacy.sql")
    apply_sql(new_db, FIXTURES / "resolve.sql")
    before = row_counts(new_db)
    plan_and_apply(TARGET, new_db, pg_server, tmp_path)
    assert row_counts(new_db) == before
    assert run_check(TARGET, new_db, scratch_url=pg_server).findings == []


def test_a_database_built_from_the_target_has_no_findings(new_db: str, pg_server: str) -> None:
    apply_sql(new_db, TARGET / "schema.sql")
    assert run_check(TARGET, new_db, scratch_url=pg_server).findings == []
