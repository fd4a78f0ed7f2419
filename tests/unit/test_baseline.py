"""Baseline matching on the report dict: fingerprints ignore messages and counts, an entry
accepts one finding (a duplicate is new), `expires` is the last accepted day, only a count
that grows is reported, and the exit code counts new findings only."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from drift import baseline as bl
from drift.errors import DriftInputError
from tests.ci_reports import nft_report

TODAY = date(2026, 6, 1)


def _baselined(report: dict, **kw: object) -> dict:
    data, _ = bl.create(report, today=TODAY, **kw)  # type: ignore[arg-type]
    return data


def test_same_findings_are_all_baselined_and_the_gate_passes() -> None:
    report = nft_report()
    base = _baselined(nft_report())
    for f in report["findings"]:  # new messages and counts change nothing
        f["message"] += " (reworded)"
    bl.apply(report, base, source="b.json", today=TODAY)
    assert report["baseline"] == {"file": "b.json", "new": 0, "baselined": 22, "expired": 0,
                                  "fixed": [], "grown": []}
    assert report["summary"]["exit_code"] == 0


def test_an_entry_accepts_one_finding() -> None:
    report = nft_report()
    base = _baselined(nft_report())
    report["findings"].append(copy.deepcopy(report["findings"][0]))
    bl.apply(report, base, today=TODAY)
    assert report["baseline"]["new"] == 1 and report["findings"][-1]["baseline"] == {
        "state": "new"}
    assert report["summary"]["exit_code"] == 1


def test_expires_is_the_last_accepted_day() -> None:
    base = _baselined(nft_report(), expires=TODAY, reason="until the June release")
    report = nft_report()
    bl.apply(report, base, today=TODAY)
    assert report["baseline"]["expired"] == 0
    assert report["findings"][0]["baseline"] == {"state": "baselined",
                                                 "reason": "until the June release",
                                                 "expires": "2026-06-01"}
    report = nft_report()
    bl.apply(report, base, today=date(2026, 6, 2))
    assert report["baseline"]["expired"] == 22 and report["summary"]["exit_code"] == 3


def test_only_growth_is_reported() -> None:
    base = _baselined(nft_report())
    report = nft_report()
    dup = next(f for f in report["findings"] if f["code"] == "DR401")
    dup["evidence"]["duplicate_groups"] += 2
    nulls = next(f for f in report["findings"] if f["code"] == "DR402")
    nulls["evidence"]["null_rows"] -= 5
    bl.apply(report, base, today=TODAY)
    assert [g["code"] for g in report["baseline"]["grown"]] == ["DR401"]
    assert bl.grown_text(dup["baseline"]["grown"]) == "was 2 groups, now 4"
    assert dup["baseline"]["state"] == "baselined"  # growth is reported, not failing
    assert report["summary"]["exit_code"] == 0


def test_unmatched_entries_are_fixed() -> None:
    base = _baselined(nft_report(), reason="known")
    report = nft_report()
    gone = report["findings"].pop(0)
    bl.apply(report, base, today=TODAY)
    assert report["baseline"]["fixed"] == [{**bl.identity(gone), "reason": "known"}]


def test_load_refuses_bad_files(tmp_path: Path) -> None:
    with pytest.raises(DriftInputError, match="no such file \\(create it with"):
        bl.load(tmp_path / "missing.json")
    path = tmp_path / "b.json"
    path.write_text('{"entries": [{"code": "DR101", "schema": "s", "counts": {"n": "3"}}]}')
    with pytest.raises(DriftInputError, match=r"entries\[0\]\.counts: expected numbers"):
        bl.load(path)
    path.write_text('{"entries": [{"code": "DR101", "schema": "s", "note": "x"}]}')
    with pytest.raises(DriftInputError, match=r"entries\[0\]: unknown key 'note'"):
        bl.load(path)
    with pytest.raises(DriftInputError, match="--expires: 'soon' is not a date"):
        bl.parse_date("soon")


def test_written_baseline_loads_back(tmp_path: Path) -> None:
    data = _baselined(nft_report(), reason="r", expires=TODAY)
    bl.write(data, tmp_path / "b.json")
    assert bl.load(tmp_path / "b.json") == data
