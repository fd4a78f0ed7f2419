"""The phased canonical-naming migration (docs/canonical-naming.md): renames,
must/should/defer priorities, the priority matrix, must-only plans and compatibility
views. Counts are the ones tests/fixtures/canonical_core/legacy.sql plants (its header
derives them)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from drift.check import exit_code, run_check
from drift.plan import build_plan
from drift.plan.ops import Operation
from drift.render.common import statements
from drift.report.matrix import priority_matrix
from drift.sources.sql import apply_sql
from drift.spec import Priority
from tests.systems import plan_and_apply, row_counts

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "canonical_core"
FIXTURES = ROOT / "tests" / "fixtures" / "canonical_core"
RENAMED = {"public.users": "public.app_users",
           "public.run_job_candidates": "public.run_candidates"}


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, FIXTURES / "legacy.sql")
    return new_db


def test_blockers_are_exactly_the_planted_rows(legacy: str, pg_server: str) -> None:
    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    blockers = sorted((f.code, f.table, f.object, f.priority.value,
                       tuple(v for k, v in f.evidence.items() if k.endswith(("_groups", "_rows"))))
                      for f in findings if f.is_blocker)
    assert blockers == [
        ("DR401", "projects", "uq_projects_owner_user_id_slug", "must", (1, 2)),
        ("DR402", "audit_events", "entity_type", "must", (7,)),
        ("DR402", "project_exports", "asset_id", "should", (3,)),
        ("DR402", "projects", "owner_user_id", "must", (1,)),
        ("DR402", "provider_accounts", "config_json", "should", (1,)),
        ("DR403", "audit_events", "fk_audit_events_actor_user_id", "must", (1,)),
    ]
    renames = {(f.code, f.object) for f in findings if f.category.value == "pending_rename"}
    assert {("DR301", "users"), ("DR301", "run_job_candidates"),
            ("DR302", "owner_user_id"), ("DR302", "kind"), ("DR302", "storage_uri"),
            ("DR302", "kms_key_ref")} <= renames


def test_matrix_reproduces_the_documents_priorities(legacy: str, pg_server: str) -> None:
    result = run_check(TARGET, legacy, scratch_url=pg_server)
    rows = {r["table"]: r for r in priority_matrix(result.expected.catalog, result.spec,
                                                   result.findings)}
    assert len(rows) == len(result.expected.catalog.tables)
    assert (rows["app_users"]["priority"], rows["app_users"]["state"],
            rows["app_users"]["live_name"]) == ("must", "rename pending", "users")
    assert rows["run_candidates"]["state"] == "rename pending"
    assert rows["style_guides"]["priority"] == "should"
    assert rows["prompt_templates"]["priority"] == "defer"
    assert any(g.startswith("DR102 rules_json") for g in rows["style_guides"]["gaps"])
    must = {t for t, r in rows.items() if r["priority"] == "must"}
    assert {"app_users", "projects", "assets", "runs", "run_candidates",
            "project_api_secrets", "quality_reports", "cost_events", "audit_events"} <= must


def test_must_only_plan_leaves_only_should_and_defer(legacy: str, pg_server: str) -> None:
    apply_sql(legacy, FIXTURES / "resolve.sql")
    result = run_check(TARGET, legacy, scratch_url=pg_server, data=False)
    plan = build_plan(result.findings, result.live, Priority.MUST,
                      target=result.expected.catalog)
    # a step as the plan runs it: the planner may move it to a later phase (dependency
    # graph) or give it a skip condition (rerun), never change what it does
    def step(op: Operation) -> tuple[str, str, tuple[str, ...]]:
        return (type(op).__name__, op.reason, tuple(op.statements()))

    must_ops = [step(op) for f in result.findings if f.priority is Priority.MUST
                for op in f.operations]
    should_ops = [step(op) for f in result.findings if f.priority is not Priority.MUST
                  for op in f.operations]
    planned = [step(op) for op in plan.operations]
    assert planned and all(op in must_ops for op in planned)
    assert should_ops and not any(op in planned for op in should_ops if op not in must_ops)
    with psycopg.connect(legacy, autocommit=True) as conn:
        for op in plan.operations:
            for statement in statements(op):
                conn.execute(statement.encode())
    findings = [f for f in run_check(TARGET, legacy, scratch_url=pg_server).findings
                if f.is_drift]  # the open compat views (DR232) are info
    assert findings and {f.priority for f in findings} <= {Priority.SHOULD, Priority.DEFER}
    assert exit_code(findings, Priority.MUST) == 0
    assert exit_code(findings, Priority.SHOULD) in (1, 3)


def test_compat_view_serves_old_clients_until_cleanup(legacy: str, pg_server: str) -> None:
    apply_sql(legacy, FIXTURES / "resolve.sql")
    result = run_check(TARGET, legacy, scratch_url=pg_server, data=False)
    upto_rename = [op for op in build_plan(result.findings, result.live,
                                           target=result.expected.catalog).operations
                   if op.phase.label != "cleanup"]
    with psycopg.connect(legacy, autocommit=True) as conn:
        for op in upto_rename:
            for statement in statements(op):
                conn.execute(statement.encode())
        users = conn.execute("SELECT count(*) FROM users").fetchone()
        assert users == conn.execute("SELECT count(*) FROM app_users").fetchone()
    leftovers = run_check(TARGET, legacy, scratch_url=pg_server).findings
    assert {(f.code, f.object, f.is_drift) for f in leftovers if f.code == "DR232"} == {
        ("DR232", "users", False), ("DR232", "run_job_candidates", False)}
    assert not any(f.code == "DR231" for f in leftovers)  # open windows, not drift


def test_full_plan_converges_without_losing_rows(legacy: str, pg_server: str,
                                                 tmp_path: Path) -> None:
    apply_sql(legacy, FIXTURES / "resolve.sql")
    before = {RENAMED.get(t, t): n for t, n in row_counts(legacy).items()}
    plan_and_apply(TARGET, legacy, pg_server, tmp_path)
    after = row_counts(legacy)
    # the declared project_storage backfill gives each of the 8 projects its row (5 -> 8)
    assert after.pop("public.project_storage") == 8 and before.pop("public.project_storage") == 5
    assert after == before
    left = run_check(TARGET, legacy, scratch_url=pg_server).findings
    # only the legacy columns drift.toml defers and never approves dropping, and the
    # two compatibility views the plan opened (a later cleanup plan closes them)
    assert {(f.code, f.priority) for f in left if f.is_drift} == {("DR222", Priority.DEFER)}
    assert sorted(f.object or "" for f in left if f.code == "DR232") == [
        "run_job_candidates", "users"]
    assert exit_code(left, Priority.MUST) == 0


def test_a_database_built_from_the_target_has_no_findings(new_db: str, pg_server: str) -> None:
    apply_sql(new_db, TARGET / "schema.sql")
    assert run_check(TARGET, new_db, scratch_url=pg_server).findings == []


GOLDEN = FIXTURES / "findings.json"


def test_every_finding_matches_the_reviewed_golden(legacy: str, pg_server: str,
                                                   update_golden: bool) -> None:
    """All findings, by code, priority, table and object: a reviewed golden file."""
    import json

    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    got = [[f.code, f.priority.value, f.schema, f.table, f.object] for f in findings]
    if update_golden:
        GOLDEN.write_text(json.dumps(got, indent=1) + "\n")
    assert got == json.loads(GOLDEN.read_text())
