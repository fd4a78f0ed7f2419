"""SARIF 2.1.0 for code scanning, built from the JSON report.

- one rule per finding code, with the code's doc page (`codes/DRxxx.md`) as its help;
- each result located in the expected-schema source (the line of the table, constraint,
  index or column in `schema.sql`, `models.py` or `schema.prisma`; an invariant's entry
  in drift.toml) when that line is found, else on the source file without a region
  (code scanning drops results with no location at all); the live object is named in
  the message and as a logical location;
- level `error` for findings at or above `--fail-on`, else `warning` or `note` by
  severity; `partialFingerprints` carry drift's stable fingerprint.

A small writer over plain dicts rather than a library: the maintained Python SARIF
object models are either unmaintained since 2019 (sarif-om) or pull in pydantic for
what is a dozen keys here; the output is validated against the official OASIS schema
in the tests (tests/schemas/sarif-schema-2.1.0.json).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from drift.baseline import fingerprint
from drift.findings import CODES, Code
from drift.report.live import live_label, live_object, live_tables, where
from drift.report.locate import SourceIndex, index, spec_line
from drift.spec import Priority

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "driftFingerprint/v1"
_LEVEL = {"error": "warning", "warning": "warning", "info": "note"}


@cache
def _page(code: str) -> str:
    return (resources.files("drift.report").joinpath("codes").joinpath(f"{code}.md")
            .read_text(encoding="utf-8"))


def _section(page: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\s*\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    return " ".join(m.group(1).split()) if m else ""


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def rule(code: Code) -> dict[str, Any]:
    page = _page(code.code)
    problem = _section(page, "Problem") or code.headline
    return {
        "id": code.code,
        "name": _camel(code.name),
        "shortDescription": {"text": code.headline},
        "fullDescription": {"text": problem},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": _LEVEL[code.severity.value]},
        "properties": {"category": code.category.value, "tags": ["drift", code.category.value]},
    }


def _uri(path: Path) -> tuple[str, str | None]:
    """A repository-relative URI (with %SRCROOT%) when the source is under the working
    directory, as in CI; else an absolute file URI."""
    resolved = path.resolve()
    try:
        rel = resolved.relative_to(Path(os.getcwd()).resolve())
    except ValueError:
        return resolved.as_uri(), None
    return rel.as_posix(), "%SRCROOT%"


def _location(f: dict[str, Any], source: SourceIndex | None, uri: tuple[str, str | None] | None,
              live: str | None, spec: Path | None) -> dict[str, Any]:
    loc: dict[str, Any] = {}
    declared = (spec_line(spec, f["object"]) if spec and f.get("object")
                and f["category"] == "invariant_violation" else None)
    if declared is not None and spec is not None:  # an invariant: its drift.toml entry
        spec_uri, base = _uri(spec)
        loc["physicalLocation"] = {
            "artifactLocation": {"uri": spec_uri, **({"uriBaseId": base} if base else {})},
            "region": {"startLine": declared}}
    elif uri is not None:
        artifact: dict[str, Any] = {"uri": uri[0]}
        if uri[1]:
            artifact["uriBaseId"] = uri[1]
        physical: dict[str, Any] = {"artifactLocation": artifact}
        line = source.line(f["schema"], f.get("table") or "", f.get("object"),
                           list(f.get("columns") or [])) if source else None
        if line is not None:
            physical["region"] = {"startLine": line}
        loc["physicalLocation"] = physical
    logical = [{"fullyQualifiedName": where(f) + (f".{f['object']}" if f.get("object") else ""),
                "kind": "target"}]
    if live:
        logical.append({"fullyQualifiedName": live, "kind": "live"})
    loc["logicalLocations"] = logical
    return loc


def _message(f: dict[str, Any], live: str | None) -> str:
    text = f"{f['code']} {where(f)}: {f['message']}"
    return text + (f" [{live_label(f)}: {live}]" if live else " [not in the live database]")


def build(report: dict[str, Any]) -> dict[str, Any]:
    """The SARIF log for a JSON report (see json_report.build).

    When the report was checked against a baseline (`check --baseline`), each result gets
    a baselineState (new; unchanged; updated when a blocker's count grew), and a baselined
    one an accepted external suppression with its reason (not an expired one).
    """
    fail_on = Priority(report["summary"]["fail_on"])
    codes = sorted(CODES.values(), key=lambda c: c.code)
    rule_index = {c.code: i for i, c in enumerate(codes)}
    source_path = Path(report["expected"]["source"])
    source = index(source_path) if source_path.is_file() else None
    uri = _uri(source_path) if source_path.is_file() else None
    tables = live_tables(report)
    spec_path = Path(report["expected"].get("spec") or "")
    spec = spec_path if spec_path.suffix == ".toml" and spec_path.is_file() else None
    results = []
    for f in report["findings"]:
        live = live_object(f, tables)
        failing = Priority(f["priority"]).rank >= fail_on.rank
        fp = fingerprint(f)
        result: dict[str, Any] = {
            "ruleId": f["code"],
            "level": "error" if failing else _LEVEL.get(f["severity"], "warning"),
            "message": {"text": _message(f, live)},
            "locations": [_location(f, source, uri, live, spec)],
            "partialFingerprints": {FINGERPRINT_KEY: fp},
            "properties": {"priority": f["priority"], "category": f["category"],
                           "severity": f["severity"], "fix_phase": f["fix"]["phase"]},
        }
        if f["code"] in rule_index:
            result["ruleIndex"] = rule_index[f["code"]]
        mark = f.get("baseline") or {}
        state = mark.get("state")
        if state is not None:
            result["baselineState"] = ("new" if state == "new" else
                                       "updated" if mark.get("grown") else "unchanged")
            if state == "baselined":
                result["suppressions"] = [{
                    "kind": "external", "status": "accepted",
                    "justification": f["baseline"].get("reason") or "in the drift baseline"}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "drift", "version": report["version"],
                                "semanticVersion": report["version"],
                                "rules": [rule(c) for c in codes]}},
            "invocations": [{"executionSuccessful": True,
                             "exitCode": int(report["summary"]["exit_code"])}],
            "results": results,
            "properties": {"target": report["target"]["url"],
                           "expected": report["expected"]["source"],
                           "fail_on": report["summary"]["fail_on"]},
        }],
    }


def write(log: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(log, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
