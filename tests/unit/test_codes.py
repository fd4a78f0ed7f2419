"""Finding codes, their doc pages and the report's JSON Schema come from one registry.

The schema's enums are derived from drift's registries, never typed by hand. When a
code, category, phase or hazard is added, regenerate the schema with

    python -m tests.unit.test_codes

and write the new code's page in drift/report/codes/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from drift.checks.base import DataCheck
from drift.evidence import Sample
from drift.findings import CODES, Category, Severity
from drift.plan.ops import Hazard, Phase
from drift.spec import Priority

REPORT = Path(__file__).resolve().parents[2] / "drift" / "report"
SCHEMA = REPORT / "report.schema.json"
PAGES = REPORT / "codes"
SECTIONS = ("## Problem", "## Why it matters", "## What drift plans", "## Instead of X, do Y")


def data_checks() -> list[type[DataCheck]]:
    """Every concrete data check: the ones that carry a finding code."""
    found, todo = [], list(DataCheck.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.code:
            found.append(cls)
    return sorted(found, key=lambda c: c.code)


def derived() -> dict[str, Any]:
    """JSON pointer in the schema -> the value drift's registries give it."""
    categories = [c.value for c in Category]
    priorities = [p.value for p in Priority]
    phases = [p.label for p in Phase]
    return {
        "/$defs/code/enum": sorted(CODES),
        "/$defs/category/enum": categories,
        "/$defs/severity/enum": [s.value for s in Severity],
        "/$defs/priority/enum": priorities,
        "/$defs/phase/enum": phases,
        "/$defs/hazard/enum": [h.value for h in Hazard],
        "/$defs/blocker_kind/enum": [c.kind for c in data_checks()],
        "/$defs/summary/properties/by_category/required": categories,
        "/$defs/summary/properties/by_priority/required": priorities,
        "/$defs/summary/properties/by_phase/required": phases,
        "/$defs/blocker_code_kinds/allOf": [
            {"if": {"required": ["code"], "properties": {"code": {"const": c.code}}},
             "then": {"properties": {"evidence": {"properties": {"kind": {"const": c.kind}}}}}}
            for c in data_checks()],
    }


def _walk(doc: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
    *parents, last = pointer.lstrip("/").split("/")
    for part in parents:
        doc = doc[part]
    return doc, last


def _dump(value: Any, depth: int = 0) -> str:
    """JSON, two-space indent, with short objects and lists of scalars kept on one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or len(flat) + 2 * depth <= 90 and (
            isinstance(value, list) or len(value) <= 1):
        return flat
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return _wrap([json.dumps(v, ensure_ascii=False) for v in value], depth)
        items = [inner + _dump(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    items = [f"{inner}{json.dumps(k)}: {_dump(v, depth + 1)}" for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


def _wrap(words: list[str], depth: int) -> str:
    lines, line = [], ""
    for word in words:
        if line and len(line) + len(word) + 2 * depth > 88:
            lines.append(line + ",")
            line = word
        else:
            line = f"{line}, {word}" if line else word
    lines.append(line)
    pad = "  " * (depth + 1)
    return "[\n" + "\n".join(pad + x for x in lines) + "\n" + "  " * depth + "]"


def regenerate() -> str:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for pointer, value in derived().items():
        parent, key = _walk(schema, pointer)
        parent[key] = value
    return _dump(schema) + "\n"


def _schema() -> dict[str, Any]:
    return dict(json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize("pointer", sorted(derived()))
def test_schema_enums_are_derived(pointer: str) -> None:
    parent, key = _walk(_schema(), pointer)
    assert parent[key] == derived()[pointer], "run: python -m tests.unit.test_codes"


def test_schema_code_enum_is_every_code() -> None:
    assert _schema()["$defs"]["code"]["enum"] == sorted(CODES)


def test_schema_file_is_regenerated_form() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == regenerate(), \
        "run: python -m tests.unit.test_codes"


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_every_code_has_one_page_and_every_page_a_code() -> None:
    pages = sorted(p.stem for p in PAGES.glob("*.md"))
    assert pages == sorted(CODES)
    assert sorted(p.name for p in PAGES.iterdir()) == [f"{c}.md" for c in sorted(CODES)]


@pytest.mark.parametrize("code", sorted(CODES))
def test_page_title_and_sections(code: str) -> None:
    info = CODES[code]
    lines = (PAGES / f"{code}.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# {code} {info.name}: {info.headline}"
    headings = [line for line in lines if line.startswith("## ")]
    assert tuple(headings) == SECTIONS
    assert 15 <= len(lines) <= 35, f"{code}.md has {len(lines)} lines"


@pytest.mark.parametrize("code", sorted(CODES))
def test_page_names_only_known_codes(code: str) -> None:
    text = (PAGES / f"{code}.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\bDR\d{3}\b", text)) <= set(CODES)


@pytest.mark.parametrize("check", data_checks(), ids=lambda c: c.code)
def test_each_data_check_evidence_fits_the_schema(check: type[DataCheck]) -> None:
    """The counts a check reports are the ones the schema requires for its kind."""
    jsonschema = pytest.importorskip("jsonschema")
    typed = check(schema="s", table="t").evidence((2, 4))
    evidence = dict(typed.with_samples([Sample(key={"id": 1}, count=2)]))
    assert evidence["samples"] == [{"key": {"id": 1}, "count": 2}]
    finding: dict[str, Any] = {
        "code": check.code, "category": CODES[check.code].category.value, "priority": "must",
        "severity": "error", "schema": "s", "table": "t", "object": None, "columns": [],
        "message": "m", "evidence": evidence,
        "fix": {"phase": None, "phases": [], "sql": [], "hazards": []}}
    schema = _schema()
    validator = jsonschema.Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/finding"})
    validator.validate(finding)
    count_fields = [k for k, v in evidence.items() if isinstance(v, int)
                    and not isinstance(v, bool)]
    for field in count_fields:
        broken = {**finding, "evidence": {k: v for k, v in evidence.items() if k != field}}
        assert not validator.is_valid(broken), f"{check.code} without {field} should fail"


if __name__ == "__main__":
    SCHEMA.write_text(regenerate(), encoding="utf-8")
    print(f"wrote {SCHEMA}")
