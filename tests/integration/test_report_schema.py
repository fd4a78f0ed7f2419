"""The JSON report of a real check validates against report.schema.json, and the
schema rejects the reports it promises to reject."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from drift.check import run_check
from drift.report.json_report import build, json_schema
from drift.sources.sql import apply_sql
from drift.spec import Priority

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture
def report(new_db: str, pg_server: str) -> dict[str, Any]:
    apply_sql(new_db, ROOT / "drift" / "demo" / "legacy_nft.sql")
    result = run_check(ROOT / "expected_schema" / "nft_instances", new_db, scratch_url=pg_server)
    return build(result, Priority.MUST)


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _first(report: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(f for f in report["findings"] if f["evidence"].get("kind") == kind
                and f["code"] != "DR405")


def _errors(validator: Any, report: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]


def test_real_report_validates(report: dict[str, Any], validator: Any) -> None:
    assert _errors(validator, report) == []
    kinds = {f["evidence"]["kind"] for f in report["findings"] if f["category"] == "data_blocker"}
    assert {"duplicates", "nulls", "orphans"} <= kinds  # the demo exercises the if/then


def test_report_without_samples_validates(report: dict[str, Any], validator: Any) -> None:
    for f in report["findings"]:
        f["evidence"].pop("samples", None)
    assert _errors(validator, report) == []


def test_duplicates_without_duplicate_rows_is_rejected(report: dict[str, Any],
                                                        validator: Any) -> None:
    broken = copy.deepcopy(report)
    del _first(broken, "duplicates")["evidence"]["duplicate_rows"]
    errors = _errors(validator, broken)
    assert errors and any("duplicate_rows" in e for e in errors)


@pytest.mark.parametrize("kind, field", [("nulls", "null_rows"), ("orphans", "orphan_rows")])
def test_each_blocker_needs_its_count(report: dict[str, Any], validator: Any, kind: str,
                                      field: str) -> None:
    broken = copy.deepcopy(report)
    del _first(broken, kind)["evidence"][field]
    assert any(field in e for e in _errors(validator, broken))


def test_other_contract_breaks_are_rejected(report: dict[str, Any], validator: Any) -> None:
    def broken(change: Any) -> dict[str, Any]:
        copied = copy.deepcopy(report)
        change(copied)
        return copied

    cases = {
        "unknown code": lambda r: r["findings"][0].update(code="DR999"),
        "unknown kind": lambda r: _first(r, "nulls")["evidence"].update(kind="zeros"),
        "six samples": lambda r: _first(r, "nulls")["evidence"].update(
            samples=[{"key": {"id": i}, "count": 1} for i in range(6)]),
        "DR401 with nulls evidence": lambda r: _first(r, "duplicates").update(code="DR402"),
        "missing fix": lambda r: r["findings"][0].pop("fix"),
        "password in URL": lambda r: r["target"].update(url="postgresql://u:secret@h/db"),
        "password in query": lambda r: r["target"].update(url="postgresql:///db?password=x"),
        "schema_version 2": lambda r: r.update(schema_version=2),
    }
    accepted = [name for name, change in cases.items() if validator.is_valid(broken(change))]
    assert accepted == []


def test_not_evaluated_check_carries_an_error(report: dict[str, Any], validator: Any) -> None:
    dr405 = copy.deepcopy(_first(report, "nulls"))
    dr405.update(code="DR405", severity="warning", fix={"phase": None, "phases": [], "sql": [],
                                                        "hazards": []})
    dr405["evidence"] = {"kind": "nulls", "error": 'column "x" does not exist', "query": "q"}
    report["findings"].append(dr405)
    assert _errors(validator, report) == []
    del dr405["evidence"]["error"]
    assert any("error" in e for e in _errors(validator, report))
