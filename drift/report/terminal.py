"""A summary a person can read in a CI log: counts first, then one line per finding."""

from __future__ import annotations

from typing import Any

from drift.evidence import BLOCKERS, COUNTS, UNITS

_COUNTS = {kind.kind: COUNTS[kind.kind] for kind in BLOCKERS}


def _detail(f: dict[str, Any]) -> str:
    ev = f["evidence"]
    kind = ev.get("kind")
    keys = _COUNTS.get(str(kind), ())
    if not keys or any(k not in ev for k in keys):
        return ""  # not a blocker, or one that could not be evaluated
    return " [" + ", ".join(f"{ev[k]} {UNITS[k]}" for k in keys) + "]"


def render(report: dict[str, Any], paths: list[str], *, verbose: bool = True) -> str:
    s = report["summary"]
    lines = [f"drift {report['version']}: {report['target']['url']}",
             f"expected: {report['expected']['source']}"]
    prio = ", ".join(f"{k} {v}" for k, v in s["by_priority"].items())
    cats = ", ".join(f"{k} {v}" for k, v in s["by_category"].items() if v)
    lines.append(f"findings: {s['total']} ({prio}); data blockers: {s['data_blockers']}")
    if cats:
        lines.append(f"by category: {cats}")
    if verbose and report["findings"]:
        lines.append("")
        for f in report["findings"]:
            if (f.get("baseline") or {}).get("state") == "baselined":
                continue  # listed apart, below
            where = f"{f['schema']}.{f['table'] or f.get('object') or ''}"  # a domain: its name
            lines.append(f"  {f['priority']:<6} {f['code']} {f['category']:<18} {where}: "
                         f"{f['message'].splitlines()[0]}{_detail(f)}")
    if report.get("baseline"):
        from drift.baseline import terminal_lines

        lines += ["", *terminal_lines(report, verbose=verbose)]
    for note in report.get("notes", []):
        lines.append(f"note: {note}")
    lines.append("")
    verdict = {0: "OK", 1: "DRIFT", 3: "DRIFT with data blockers"}[s["exit_code"]]
    lines.append(f"result: {verdict} (fail-on {s['fail_on']}, exit {s['exit_code']})")
    for path in paths:
        lines.append(f"report: {path}")
    return "\n".join(lines)
