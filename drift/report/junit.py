"""JUnit XML for CI test views (Jenkins, GitLab, ...), built from the JSON report.

One test case per target table (plus the tables the target does not have, if drift
reports them, and one for schema-level objects), failed when it has a finding at or
above `--fail-on` that a baseline does not accept. The failure lists those findings with
their counts and samples; findings below the gate are listed in the suite's system-out.
The document satisfies both the Jenkins xUnit `junit-10.xsd` and the stricter Ant
`JUnit.xsd` (tests/schemas/), so every common reader takes it.

Written with the standard library's ElementTree (escaping included): a JUnit document is
four elements, not worth a dependency.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drift.baseline import gates
from drift.evidence import BLOCKERS, COUNTS, UNITS
from drift.report.live import live_tables, where
from drift.spec import Priority

SCHEMA_LEVEL = "schema-level objects"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COUNTS = {kind.kind: COUNTS[kind.kind] for kind in BLOCKERS}


def clean(text: str) -> str:
    """Text XML 1.0 can carry: control characters (possible in sampled data) dropped."""
    return _NOT_XML.sub("", text)


def counts(f: dict[str, Any]) -> str:
    """A blocker's count in words, e.g. "3 groups (7 rows)"; "" for other findings."""
    ev = f.get("evidence") or {}
    kind = ev.get("kind")
    keys = _COUNTS.get(str(kind), ())
    if not keys or keys[0] not in ev:
        return ""
    first, *more = keys
    return f"{ev[first]} {UNITS[first]}" + "".join(f" ({ev[k]} {UNITS[k]})" for k in more
                                                   if k in ev)


def _line(f: dict[str, Any]) -> str:
    head = f"{f['priority']} {f['code']} {f.get('object') or where(f)}: "
    line = head + str(f["message"]).splitlines()[0]
    samples = (f.get("evidence") or {}).get("samples") or []
    if samples:
        keys = "; ".join(", ".join(f"{k}={v}" for k, v in (s.get("key") or {}).items())
                         for s in samples[:3])
        line += f"\n    samples: {keys}"
    return line


def _cases(report: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(schema, table, findings) per table: target tables in the matrix's order, then
    tables only the findings name, then the schema-level case."""
    by_table: dict[tuple[str, str], list[dict[str, Any]]] = {}
    schema_level: list[dict[str, Any]] = []
    for f in report["findings"]:
        if f.get("table"):
            by_table.setdefault((f["schema"], f["table"]), []).append(f)
        else:
            schema_level.append(f)
    keys = [(r["schema"], r["table"]) for r in report.get("matrix") or []]
    keys += sorted(k for k in by_table if k not in set(keys))
    cases = [(schema, table, by_table.get((schema, table), [])) for schema, table in keys]
    cases.append(("", "", schema_level))
    return cases


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def build(report: dict[str, Any], *, now: datetime | None = None,
          hostname: str | None = None) -> ET.ElementTree[ET.Element]:
    """The JUnit document for a JSON report (see json_report.build)."""
    summary = report["summary"]
    fail_on = Priority(summary["fail_on"])
    live = live_tables(report)
    seconds = f"{sum((report.get('timings_ms') or {}).values()) / 1000:.3f}"
    cases = _cases(report)
    failing_cases = sum(1 for *_, fs in cases if any(gates(f, fail_on) for f in fs))
    root = ET.Element("testsuites")  # the Ant schema allows no attributes here
    suite = _sub(root, "testsuite", name="drift check", package="drift", id="0",
                 timestamp=(now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S"),
                 hostname=hostname or socket.gethostname() or "localhost",
                 tests=str(len(cases)), failures=str(failing_cases), errors="0",
                 skipped="0", time=seconds)
    props = _sub(suite, "properties")
    for name, value in (("target", report["target"]["url"]),
                        ("expected", report["expected"]["source"]),
                        ("fail_on", fail_on.value), ("exit_code", str(summary["exit_code"])),
                        ("drift_version", report["version"])):
        _sub(props, "property", name=name, value=str(value))
    below: list[str] = []
    for schema, table, findings in cases:
        name = f"{schema}.{table}" if table else SCHEMA_LEVEL
        case = _sub(suite, "testcase", classname=f"drift.{schema}" if schema else "drift",
                    name=name, time="0")
        failing = [f for f in findings if gates(f, fail_on)]
        below += [_line(f) for f in findings if not gates(f, fail_on)]
        if failing:
            live_name = live.get((schema, table), table) if table else None
            note = (f" (live table: {schema}.{live_name})"
                    if live_name and live_name != table else "")
            codes = ", ".join(sorted({f["code"] for f in failing}))
            _sub(case, "failure", "\n".join(_line(f) for f in failing) + "\n",
                 message=f"{len(failing)} finding(s) at or above {fail_on.value}{note}: "
                         f"{codes}",
                 type=f"drift.{fail_on.value}")
    _sub(suite, "system-out", _system_out(report, below))
    _sub(suite, "system-err", "")
    ET.indent(root)
    return ET.ElementTree(root)


def _system_out(report: dict[str, Any], below: Iterable[str]) -> str:
    s = report["summary"]
    prio = ", ".join(f"{k} {v}" for k, v in s["by_priority"].items())
    lines = [f"drift {report['version']}: {report['target']['url']}",
             f"findings: {s['total']} ({prio}); data blockers: {s['data_blockers']}; "
             f"fail-on {s['fail_on']}, exit {s['exit_code']}"]
    rest = list(below)
    if rest:
        lines.append(f"not failing the run ({len(rest)}):")
        lines += [f"  {line}" for line in rest]
    return "\n".join(lines) + "\n"


def write(tree: ET.ElementTree[ET.Element], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
