"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema (vendored in
tests/schemas/), one rule per code with its doc page, results located in the expected
source where the name is found there, and the live object in the message."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from drift.baseline import fingerprint
from drift.findings import CODES
from drift.report import sarif
from drift.report.json_report import json_schema
from tests.ci_reports import ROOT, SCHEMAS, nft_report, synthetic_report


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    # Checked against the metaschema without check_schema()'s regex format check, which
    # trips on the `language` pattern `^(?i)...` (an inline flag Python refuses; drift
    # never writes `language`, so it is never applied). The published schema has one
    # known flaw: region's anyOf sits inside "properties", so it is not enforced; the
    # tests below check that every region drift writes has a startLine.
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    flaws = {tuple(e.absolute_path) for e in meta.iter_errors(schema)}
    assert flaws == {("definitions", "region", "properties", "anyOf")}
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Any, log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)  # the expected source's path is relative, as in CI
    return ROOT


def _result(log: dict[str, Any], code: str, obj: str) -> dict[str, Any]:
    return next(r for r in log["runs"][0]["results"]
                if r["ruleId"] == code and obj in r["locations"][0]["logicalLocations"][0]
                ["fullyQualifiedName"])


def _line(result: dict[str, Any]) -> int | None:
    region = result["locations"][0].get("physicalLocation", {}).get("region")
    return int(region["startLine"]) if region else None


def test_the_fixture_is_a_valid_report() -> None:
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(nft_report()))
    assert errors == []
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(
        synthetic_report(300)))
    assert errors == []


def test_demo_report_validates_with_one_rule_per_code(validator: Any, in_repo: Path) -> None:
    report = nft_report()
    log = sarif.build(report)
    assert _errors(validator, log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(CODES)
    for r in rules:
        page = (ROOT / "drift" / "report" / "codes" / f"{r['id']}.md").read_text()
        assert r["help"]["markdown"] == page
        assert r["shortDescription"]["text"] == CODES[r["id"]].headline
    assert len(run["results"]) == len(report["findings"]) == 22
    for result, finding in zip(run["results"], report["findings"], strict=True):
        assert result["ruleId"] == finding["code"]
        assert rules[result["ruleIndex"]]["id"] == finding["code"]
        assert result["partialFingerprints"]["driftFingerprint/v1"] == fingerprint(finding)
    assert run["invocations"][0]["exitCode"] == 3


def test_results_point_at_the_declaring_line(validator: Any, in_repo: Path) -> None:
    log = sarif.build(nft_report())
    lines = (ROOT / "expected_schema" / "nft_instances" / "schema.sql").read_text().splitlines()

    def text(code: str, obj: str) -> str:
        line = _line(_result(log, code, obj))
        assert line is not None
        return lines[line - 1]

    assert "CONSTRAINT uq_nft_instances_unique_nft_id UNIQUE" in text("DR112",
                                                                     "uq_nft_instances_unique")
    assert "CREATE UNIQUE INDEX uq_nft_instances_blockchain_nft_id" in text(
        "DR121", "uq_nft_instances_blockchain")
    assert "CONSTRAINT fk_prize_draw_results_ownership" in text("DR113", "fk_prize_draw")
    assert text("DR104", "ownership_id").strip().startswith("ownership_id")
    assert text("DR402", "ownership_id").strip().startswith("ownership_id")
    assert text("DR302", "target_definition_id").strip().startswith("target_definition_id")
    # a legacy object is not in the target: its table's declaration, never a guess
    assert text("DR201", "uq_user_nft_once").startswith("CREATE TABLE nft_instances")
    result = _result(log, "DR112", "uq_nft_instances_unique")
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "expected_schema/nft_instances/schema.sql",
                        "uriBaseId": "%SRCROOT%"}


def test_models_py_source_is_located_too(validator: Any, in_repo: Path) -> None:
    report = nft_report()
    report["expected"]["source"] = "expected_schema/nft_instances/models.py"
    log = sarif.build(report)
    assert _errors(validator, log) == []
    lines = (ROOT / "expected_schema" / "nft_instances" / "models.py").read_text().splitlines()
    for result, finding in zip(log["runs"][0]["results"], report["findings"], strict=True):
        line = _line(result)
        assert line is not None, finding
        text = lines[line - 1]
        assert finding["object"] in text or text.startswith("class "), (finding, text)
    assert lines[_line(_result(log, "DR104", "ownership_id")) - 1].strip().startswith(
        "ownership_id: Mapped")


def test_unknown_names_get_no_region(validator: Any, in_repo: Path) -> None:
    report = nft_report()
    f = copy.deepcopy(report["findings"][0])
    f.update(table="not_in_the_source", object="nor_this", columns=["nor_this"])
    report["findings"] = [f]
    log = sarif.build(report)
    assert _errors(validator, log) == []
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in physical
    report["expected"]["source"] = "expected_schema/nft_instances/snapshot_missing.json"
    log = sarif.build(report)
    assert _errors(validator, log) == []
    assert "physicalLocation" not in log["runs"][0]["results"][0]["locations"][0]


def test_message_names_the_live_object(in_repo: Path) -> None:
    log = sarif.build(nft_report())
    legacy = _result(log, "DR201", "uq_user_nft_once")["message"]["text"]
    assert legacy.endswith("[live object: public.user_nft_ownership.uq_user_nft_once]")
    rename = _result(log, "DR301", "nft_definitions")["message"]["text"]
    assert rename.endswith("[live object: public.nfts]")
    blocker = _result(log, "DR402", "ownership_id")["message"]["text"]
    assert blocker.endswith("[live table: public.prize_draw_results]")
    naming = _result(log, "DR311", "nft_definitions_pkey")["message"]["text"]
    assert naming.endswith("[live object: public.nfts.nfts_pkey]")


def test_levels_follow_fail_on(in_repo: Path) -> None:
    report = nft_report()
    levels = {(r["properties"]["priority"], r["level"])
              for r in sarif.build(report)["runs"][0]["results"]}
    assert ("must", "error") in levels
    assert all(level != "error" for prio, level in levels if prio == "should")
    report["summary"]["fail_on"] = "should"
    levels = {r["level"] for r in sarif.build(report)["runs"][0]["results"]}
    assert levels == {"error"}


def test_the_schema_rejects_broken_logs(validator: Any, in_repo: Path) -> None:
    """The vendored schema has teeth: the writer's output is not valid by default."""
    log = sarif.build(nft_report())
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert any("fatal" in e for e in _errors(validator, broken))
    broken = copy.deepcopy(log)
    del broken["runs"][0]["results"][0]["message"]
    assert any("message" in e for e in _errors(validator, broken))
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {
        "startLine": 0}
    assert _errors(validator, broken)


def test_fingerprint_ignores_message_and_counts() -> None:
    f = nft_report()["findings"][4]
    assert f["code"] == "DR401"
    same = copy.deepcopy(f)
    same["message"] = "something else entirely"
    same["evidence"]["duplicate_groups"] = 99
    same["evidence"]["samples"] = []
    assert fingerprint(same) == fingerprint(f)
    other = copy.deepcopy(f)
    other["columns"] = ["another_column"]
    assert fingerprint(other) != fingerprint(f)
