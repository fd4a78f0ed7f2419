"""The JSON report. Field names are a contract: see report.schema.json beside this file."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from drift import __version__
from drift.check import CheckResult, exit_code
from drift.db import describe
from drift.findings import Category, Finding
from drift.plan.ops import Phase
from drift.render.common import step
from drift.report.matrix import priority_matrix
from drift.spec import Priority

SCHEMA_VERSION = 1


def json_schema() -> dict[str, Any]:
    text = resources.files("drift.report").joinpath("report.schema.json").read_text()
    return dict(json.loads(text))


def finding_dict(f: Finding) -> dict[str, Any]:
    phases = sorted({op.phase for op in f.operations})
    hazards = sorted({h.value for op in f.operations for h in op.all_hazards()})
    return {
        "code": f.code,
        "category": f.category.value,
        "priority": f.priority.value,
        "severity": f.severity.value,
        "schema": f.schema,
        "table": f.table,
        "object": f.object,
        "columns": list(f.columns),
        "message": f.message,
        "evidence": dict(f.evidence),  # typed evidence serialises as its mapping
        "fix": {
            "phase": phases[0].label if phases else None,
            "phases": [p.label for p in phases],
            # each step as the plan runs it (drift.render.common.step: one renderer)
            "sql": [s for op in f.operations for s in step(op)],
            "hazards": hazards,
        },
    }


def summary(findings: list[Finding], fail_on: Priority) -> dict[str, Any]:
    by_category = Counter(f.category.value for f in findings)
    by_priority = Counter(f.priority.value for f in findings)
    return {
        "total": len(findings),
        "exit_code": exit_code(findings, fail_on),
        "fail_on": fail_on.value,
        "data_blockers": sum(1 for f in findings if f.is_blocker),
        "by_category": {c.value: by_category.get(c.value, 0) for c in Category},
        "by_priority": {p.value: by_priority.get(p.value, 0) for p in Priority},
        "by_phase": {p.label: sum(1 for f in findings
                                  if f.operations and min(o.phase for o in f.operations) is p)
                     for p in Phase},
    }


def build(result: CheckResult, fail_on: Priority, *, samples: bool = True) -> dict[str, Any]:
    findings = [finding_dict(f) for f in result.findings]
    if not samples:
        for f in findings:
            f["evidence"].pop("samples", None)
    return {
        "tool": "drift",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "target": describe(result.target_url),
        "expected": {"source": str(result.expected.source), "spec": result.spec.source},
        "summary": summary(result.findings, fail_on),
        "timings_ms": {k: round(v * 1000, 1) for k, v in result.timings.items()},
        "notes": list(result.notes),
        "matrix": priority_matrix(result.expected.catalog, result.spec, result.findings),
        "findings": findings,
    }


def write(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
