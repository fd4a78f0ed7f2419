"""The committed migrations/<system>/ revisions, for every worked example: they are what
drift plans today, they upgrade the resolved legacy database to the target without
losing a row, and they downgrade back to the original schema."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from drift.check import exit_code, run_check
from drift.sources.sql import apply_sql
from drift.spec import Priority
from drift.verify import schema_of
from scripts.regenerate_migrations import SYSTEMS, regenerate
from tests.systems import row_counts

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
RESOLVE = {"nft_instances": ROOT / "tests/fixtures/nft_resolve.sql"}
RENAMED = {"canonical_core": {"public.users": "public.app_users",
                              "public.run_job_candidates": "public.run_candidates"},
           "nft_instances": {"public.nfts": "public.nft_definitions",
                             "public.user_nft_ownership": "public.nft_instances"}}
BACKFILLED = {"canonical_core": {"public.project_storage": 8}}  # one row per project
# What each target leaves on purpose: canonical_core's legacy columns are deferred and
# never approved for dropping.
LEFT = {"canonical_core": {("DR222", Priority.DEFER)}}


def _config(system: str, url: str) -> Config:
    directory = ROOT / "migrations" / system
    config = Config(str(directory / "alembic.ini"))
    config.set_main_option("script_location", str(directory))
    os.environ["DATABASE_URL"] = url
    return config


def _resolved_legacy(system: str, url: str) -> None:
    """The legacy fixture after the operator's data fixes."""
    apply_sql(url, SYSTEMS[system])
    apply_sql(url, RESOLVE.get(system, SYSTEMS[system].parent / "resolve.sql"))


def _body(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines()
            if not line.startswith("Create Date:")]


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_committed_revisions_are_current(system: str, pg_server: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import scripts.regenerate_migrations as regen

    monkeypatch.setattr(regen, "ROOT", tmp_path)
    (tmp_path / "expected_schema").symlink_to(ROOT / "expected_schema")
    regenerate(system, pg_server)
    fresh = sorted((tmp_path / "migrations" / system / "versions").glob("*.py"))
    committed = sorted((ROOT / "migrations" / system / "versions").glob("*.py"))
    assert [p.name for p in committed] == [p.name for p in fresh], "regenerate the migrations"
    for old, new in zip(committed, fresh, strict=True):
        assert _body(old) == _body(new), f"{old.name} is stale: scripts/regenerate_migrations.py"


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_upgrade_converges_and_downgrade_restores(system: str, new_db: str,
                                                  pg_server: str) -> None:
    _resolved_legacy(system, new_db)
    original = schema_of(new_db)
    renamed = RENAMED.get(system, {})
    rows = {renamed.get(t, t): n for t, n in row_counts(new_db).items()}
    config = _config(system, new_db)

    command.upgrade(config, "head")
    after = {t: n for t, n in row_counts(new_db).items() if t != "public.alembic_version"}
    rows.update(BACKFILLED.get(system, {}))
    assert after == rows
    left = run_check(ROOT / "expected_schema" / system, new_db, scratch_url=pg_server).findings
    # open compat views (DR232) and declared backfills (DR108) are info, not drift
    assert {(f.code, f.priority) for f in left if f.is_drift} == LEFT.get(system, set())
    assert exit_code(left, Priority.MUST) == 0

    command.downgrade(config, "base")
    restored = schema_of(new_db)
    restored["tables"] = [t for t in restored["tables"] if t["name"] != "alembic_version"]
    assert restored == original


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_verify_proves_the_revisions_on_a_sampled_copy(system: str, new_db: str,
                                                       pg_server: str) -> None:
    from drift.verify import verify

    _resolved_legacy(system, new_db)
    before = schema_of(new_db)
    proof = verify(ROOT / "expected_schema" / system, new_db,
                   alembic_dir=ROOT / "migrations" / system, sample_rows=50,
                   scratch_url=pg_server)
    assert proof.error is None and proof.round_trip is True
    assert {(f.code, f.priority) for f in proof.findings_after} == LEFT.get(system, set())
    assert proof.rows_copied > 0
    assert schema_of(new_db) == before  # the target itself was never touched
