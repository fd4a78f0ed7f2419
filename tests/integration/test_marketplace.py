"""The NFT marketplace (docs/marketplace.md): schemas per service, domains, CHECKs,
partial uniques, functions and triggers. Counts are the ones tests/fixtures/marketplace/
legacy.sql plants (its header derives them)."""

from __future__ import annotations

from pathlib import Path

import psycopg
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
        ("DR404", "wallet_service", "wallet_links", "evm_address"),  # where the row is
    ]
    by_code = {f.code: f for f in findings}
    primary = by_code["DR401"].evidence
    assert (primary["duplicate_groups"], primary["duplicate_rows"]) == (1, 2)
    upper = by_code["DR404"].evidence
    assert upper["violating_rows"] == 1
    assert "wallet_links" in by_code["DR404"].message  # it names where the bad row is
    assert "'light'" in by_code["DR132"].evidence["live"]  # the drifted body, shown


def test_domain_blockers_name_the_tables_and_columns_whose_rows_block(
        new_db: str, pg_server: str) -> None:
    """A domain CHECK's blockers are located: one finding per table and column, with
    its count, in the matrix and on the terminal (the state the issue met: 2 + 1)."""
    from drift.report import json_report, terminal
    from drift.report.matrix import priority_matrix
    from drift.spec import Priority

    apply_sql(new_db, FIXTURES / "legacy.sql")
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("UPDATE wallet_service.wallet_links SET address = upper(address)"
                     " WHERE wallet_id = 'b0000000-0000-4000-8000-000000000004'")
        conn.execute("UPDATE chain_registry_service.chain_contracts"
                     " SET address = upper(address) WHERE standard = 'proxy'")
    result = run_check(TARGET, new_db, scratch_url=pg_server)
    located = sorted((f.schema, f.table, f.columns, f.evidence["violating_rows"])
                     for f in result.findings if f.code == "DR404")
    assert located == [("chain_registry_service", "chain_contracts", ("address",), 1),
                       ("wallet_service", "wallet_links", ("address",), 2)]
    rows = {r["table"]: r for r in priority_matrix(result.expected.catalog, result.spec,
                                                   result.findings)}
    assert rows["chain_contracts"]["state"] == "drift"
    assert "DR404 evm_address" in rows["chain_contracts"]["gaps"]
    text = terminal.render(json_report.build(result, Priority.MUST), [])
    assert "chain_registry_service.chain_contracts: " in text
    assert "chain_registry_service.:" not in text


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
