"""Spec SQL is written once, in target names, and runs in the names live at the time."""

from __future__ import annotations

import pytest

from drift.sqltext import NameMap, SpecNameError

PENDING = NameMap(
    tables={"assets": "assets", "run_candidates": "run_job_candidates",
            "project_exports": "project_exports", "projects": "projects"},
    columns={"assets": {"id": "id", "project_id": "project_id", "storage_uri": "rel_path",
                        "kind": "asset_kind"},
             "run_candidates": {"id": "id", "asset_id": "asset_id", "image_path": "image_path"},
             "project_exports": {"asset_id": "asset_id", "project_id": "project_id",
                                 "export_path": "export_path"},
             "projects": {"id": "id", "owner_user_id": "user_id"}},
    old_tables={"run_job_candidates": "run_candidates"},
    old_columns={"assets": {"rel_path": "storage_uri", "asset_kind": "kind"},
                 "projects": {"user_id": "owner_user_id"}})
DONE = NameMap(tables={t: t for t in PENDING.tables},
               columns={t: {c: c for c in cols} for t, cols in PENDING.columns.items()},
               old_tables=PENDING.old_tables, old_columns=PENDING.old_columns)

BACKFILL = """UPDATE project_exports e SET asset_id = a.id FROM assets a
 WHERE a.project_id = e.project_id AND a.storage_uri = e.export_path AND a.kind = 'x'"""


def test_aliases_and_qualified_columns_follow_pending_renames() -> None:
    assert PENDING.to_live(BACKFILL) == (
        "UPDATE project_exports e SET asset_id = a.id FROM assets a\n"
        " WHERE a.project_id = e.project_id AND a.rel_path = e.export_path"
        " AND a.asset_kind = 'x'")
    assert DONE.to_live(BACKFILL) == BACKFILL


def test_tables_bare_columns_and_literals() -> None:
    sql = "UPDATE run_candidates SET asset_id = 1 WHERE image_path = 'run_candidates'"
    assert PENDING.to_live(sql) == (
        "UPDATE run_job_candidates SET asset_id = 1 WHERE image_path = 'run_candidates'")
    assert PENDING.to_live("SELECT public.run_candidates.asset_id FROM public.run_candidates"
                           ) == ("SELECT public.run_job_candidates.asset_id FROM "
                                 "public.run_job_candidates")
    check = "owner_user_id IS NOT NULL AND id > 0"  # an invariant's check, about projects
    assert PENDING.to_live(check, "projects") == "user_id IS NOT NULL AND id > 0"
    assert DONE.to_live(check, "projects") == check


def test_a_spec_in_pre_rename_names_fails_with_one_line_saying_how_to_rewrite() -> None:
    with pytest.raises(SpecNameError, match=r"rel_path.*target names \(assets.storage_uri\)"):
        PENDING.to_live("UPDATE project_exports e SET asset_id = a.id FROM assets a "
                        "WHERE a.rel_path = e.export_path")
    with pytest.raises(SpecNameError, match=r"table run_job_candidates.*\(run_candidates\)"):
        DONE.to_live("UPDATE run_job_candidates c SET asset_id = NULL")
