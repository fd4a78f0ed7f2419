"""The canonical core walked the way teams run it: phase by phase, from midway states,
with `drift check` after each phase, reruns, and aborts that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.sources.sql import apply_sql
from drift.spec import Priority
from tests import road

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "canonical_core"
FIXTURES = ROOT / "tests" / "fixtures" / "canonical_core"


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, FIXTURES / "legacy.sql")
    return new_db


def test_an_aborted_must_plan_leaves_schema_and_rows_identical(legacy: str,
                                                              pg_server: str) -> None:
    """Blockers present: the preflight aborts before the first DDL or lock."""
    schema, rows = road.schema_dump(legacy), road.data_dump(legacy)
    plan, text = road.plan(TARGET, legacy, pg_server, priority=Priority.MUST)
    assert plan.preflight and text.index("Preflight") < text.index("Phase 1")
    run = road.psql(legacy, text)
    assert run.returncode != 0 and "drift preflight" in run.stderr, run.stderr
    assert road.schema_dump(legacy) == schema
    assert road.data_dump(legacy) == rows


@pytest.mark.parametrize("priority", [Priority.MUST, Priority.DEFER])
def test_a_plan_applied_twice_is_a_no_op_the_second_time(legacy: str, pg_server: str,
                                                         priority: Priority) -> None:
    """Past its own renames: the second run skips what ran before them."""
    apply_sql(legacy, FIXTURES / "resolve.sql")
    _, text = road.plan(TARGET, legacy, pg_server, priority=priority)
    assert "RENAME" in text
    road.apply(legacy, text)
    schema, rows = road.schema_dump(legacy), road.data_dump(legacy)
    road.apply(legacy, text)
    assert road.schema_dump(legacy) == schema
    assert road.data_dump(legacy) == rows


def test_naming_drift_follows_object_then_table_rule(legacy: str, pg_server: str) -> None:
    findings = road.check(TARGET, legacy, pg_server).findings
    naming = {(f.table, f.priority.value) for f in findings if f.code in ("DR311", "DR312")}
    assert {("asset_links", "defer"), ("prompt_templates", "defer"),
            ("projects", "must"), ("style_guides", "should")} <= naming
    assert not {t for t, p in naming if t in ("asset_links", "prompt_templates")
                and p != "defer"}


# Midway states of the rename programme, each on top of the resolved legacy fixture.
MIDWAY = {
    # nothing done yet
    "legacy": "",
    # some declared renames done by hand, others not
    "hand_renames": """
        ALTER TABLE users RENAME TO app_users;
        ALTER TABLE projects RENAME COLUMN user_id TO owner_user_id;
        ALTER TABLE assets RENAME COLUMN rel_path TO storage_uri;
        ALTER TABLE runs RENAME COLUMN mode TO run_mode;
    """,
    # the other half by hand, and one new column already added
    "other_half": """
        ALTER TABLE run_job_candidates RENAME TO run_candidates;
        ALTER TABLE assets RENAME COLUMN asset_kind TO kind;
        ALTER TABLE assets RENAME COLUMN meta_json TO metadata_json;
        ALTER TABLE project_api_secrets RENAME COLUMN key_ref TO kms_key_ref;
        ALTER TABLE run_jobs ADD COLUMN selected_asset_id bigint;
    """,
}
DEFERRED_LEGACY = {  # legacy columns drift.toml defers and no [[approve_drop]] drops
    "audit_events.detail", "cost_events.cost", "project_exports.export_path",
    "project_storage.max_files", "project_storage.quota_bytes", "project_storage.used_bytes",
    "provider_accounts.api_key", "quality_reports.image_path", "quality_reports.job_id",
    "quality_reports.qa_json", "reference_sets.notes", "run_candidates.image_path",
    "run_jobs.final_path", "run_jobs.selected_path"}


@pytest.mark.parametrize("state", list(MIDWAY))
def test_the_road_from_a_midway_state(legacy: str, pg_server: str, state: str) -> None:
    apply_sql(legacy, FIXTURES / "resolve.sql")
    if MIDWAY[state]:
        road.apply(legacy, MIDWAY[state])
    before = road.row_total(legacy)
    # with must first, as the document does, then everything else
    must = road.walk(TARGET, legacy, pg_server, priority=Priority.MUST)
    rest = road.walk(TARGET, legacy, pg_server)
    assert sum(n for _, n in must) > 0
    left = road.check(TARGET, legacy, pg_server).findings
    assert sorted(f"{f.table}.{f.object}" for f in left if f.code == "DR222") == sorted(
        DEFERRED_LEGACY)
    assert {(f.code, f.priority.value) for f in left if f.is_drift} == {("DR222", "defer")}
    assert not any(f.code == "DR232" for f in left)  # the cleanup phase closed the windows
    # no row lost (project_storage gains one policy row per project from its backfill)
    after = road.row_total(legacy)
    assert after["public.project_storage"] == 8
    assert {k: v for k, v in after.items() if k != "public.project_storage"} == {
        k: v for k, v in before.items() if k != "public.project_storage"}
    # the backfills ran on the way: the run jobs' outputs are linked to their assets
    linked = road.scalar(legacy, "SELECT count(*) FROM run_jobs WHERE selected_asset_id"
                                 " IS NOT NULL OR final_asset_id IS NOT NULL")
    assert linked and linked > 0
    print(state, "must:", must, "rest:", rest, "info left:",
          sorted(f"{f.code} {f.table}.{f.object}" for f in left if not f.is_drift))


def test_the_first_alembic_revision_aborts_before_any_ddl(legacy: str) -> None:
    """The committed revisions on the unresolved legacy data: the first revision's
    preflight holds every guard of every phase, so nothing is changed."""
    import os

    from alembic import command
    from alembic.config import Config

    directory = ROOT / "migrations" / "canonical_core"
    first = sorted((directory / "versions").glob("*.py"))[0].read_text()
    assert first.index("# Preflight") < first.index("# End of the preflight") < first.index(
        "# AddColumn")
    schema, rows = road.schema_dump(legacy), road.data_dump(legacy)
    config = Config(str(directory / "alembic.ini"))
    config.set_main_option("script_location", str(directory))
    os.environ["DATABASE_URL"] = legacy
    with pytest.raises(Exception, match="drift preflight"):
        command.upgrade(config, "head")
    assert road.schema_dump(legacy) == schema
    assert road.data_dump(legacy) == rows


def _target_with(tmp_path: Path, extra: str = "", old: str = "", new: str = "") -> Path:
    target = tmp_path / "target"
    target.mkdir()
    (target / "schema.sql").write_text((TARGET / "schema.sql").read_text())
    toml = (TARGET / "drift.toml").read_text()
    assert old in toml
    (target / "drift.toml").write_text(toml.replace(old, new) + extra)
    return target


INVARIANT = """
[[invariants]]
name = "projects_have_owners"
table = "projects"
check = "owner_user_id IS NOT NULL"
"""


def test_invariants_in_target_names_run_before_and_after_the_rename(
        legacy: str, pg_server: str, tmp_path: Path) -> None:
    target = _target_with(tmp_path, INVARIANT)
    def broken() -> list[tuple[str, int]]:
        return [(f.code, f.evidence.get("violating_rows", -1))
                for f in road.check(target, legacy, pg_server).findings
                if f.object == "projects_have_owners"]
    assert broken() == [("DR501", 1)]  # projects.user_id: 1 NULL, rename pending
    road.apply(legacy, "ALTER TABLE projects RENAME COLUMN user_id TO owner_user_id;")
    assert broken() == [("DR501", 1)]  # same rule, same rows, after the rename


def test_a_spec_in_pre_rename_names_is_refused_with_one_line(legacy: str, pg_server: str,
                                                             tmp_path: Path) -> None:
    import subprocess
    import sys

    target = _target_with(tmp_path, old="AND a.storage_uri = e.export_path",
                          new="AND a.rel_path = e.export_path")
    run = subprocess.run([sys.executable, "-m", "drift", "check", "--expected", str(target),
                          "--db", legacy, "--scratch-url", pg_server],
                         capture_output=True, text=True, check=False)
    lines = [line for line in run.stderr.splitlines() if "Warning" not in line
             and "return Path" not in line]
    assert run.returncode == 2, run.stderr
    assert len(lines) == 1 and "assets.rel_path" in lines[0] and "storage_uri" in lines[0]
    assert "drift.toml" in lines[0] and "Traceback" not in run.stderr


def test_a_deferred_legacy_column_is_never_taken_for_a_rename(legacy: str,
                                                              pg_server: str) -> None:
    """quality_reports.qa_json, once jsonb like details_json, would be the only
    candidate: drift.toml names it (a defer rule), so it stays a legacy column."""
    road.apply(legacy, "ALTER TABLE quality_reports ALTER COLUMN qa_json TYPE jsonb"
                       " USING qa_json::jsonb;")
    findings = road.check(TARGET, legacy, pg_server).findings
    mine = {(f.code, f.object, f.priority.value) for f in findings
            if f.table == "quality_reports" and f.object in ("qa_json", "details_json")}
    assert mine == {("DR102", "details_json", "must"), ("DR222", "qa_json", "defer")}
    _, text = road.plan(TARGET, legacy, pg_server)
    statements = [line for line in text.splitlines() if not line.startswith("--")]
    assert not [line for line in statements if "qa_json" in line]  # never renamed or dropped
