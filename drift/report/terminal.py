"""A summary a person can read in a CI log: counts first, then one line per finding."""

from __future__ import annotations

from typing import Any

_COUNTS = {"duplicates": ("duplicate_groups", "duplicate_rows"), "nulls": ("null_rows",),
           "orphans": ("orphan_rows",), "check_violations": ("violating_rows",)}


def _detail(f: dict[str, Any]) -> str:
    ev = f["evidence"]
    kind = ev.get("kind")
    if kind == "duplicates" and "duplicate_groups" in ev:
        return f" [{ev['duplicate_groups']} groups, {ev['duplicate_rows']} rows]"
    if kind in _COUNTS and _COUNTS[kind][0] in ev:
        return f" [{ev[_COUNTS[kind][0]]} rows]"
    return ""


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
