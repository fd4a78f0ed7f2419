"""A short Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY, built from
the JSON report: the verdict and counts first, then the findings that fail the run and
the data blockers with samples, then a link to the HTML report. It stays under
65,000 characters (GitHub's limit for a comment is 65,536): rows that do not fit are
left out with a note saying how many, and any single cell is shortened.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from drift.baseline import gates, grown_text
from drift.report.junit import counts
from drift.report.live import live_label, live_object, live_tables, where
from drift.spec import Priority

LIMIT = 65_000
CELL = 300  # characters of a message shown in a table cell
_VERDICT = {0: "✅ OK", 1: "❌ DRIFT", 3: "❌ DRIFT with data blockers"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")



def take_rows(rows: list[str], budget: int) -> list[str]:
    """The leading rows that fit in `budget` characters, each with its newline."""
    taken: list[str] = []
    for row in rows:
        if len(row) + 1 > budget:
            break
        taken.append(row)
        budget -= len(row) + 1
    return taken

def text(value: object, limit: int = CELL) -> str:
    """Plain text safe in a table cell: one line, Markdown and HTML characters escaped."""
    flat = " ".join(str(value).split())
    if len(flat) > limit:
        flat = flat[:limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", flat)


def code(value: object, limit: int = 120) -> str:
    """An identifier as a code span (a backtick inside it cannot end the span)."""
    flat = " ".join(str(value).split())
    if len(flat) > limit:
        flat = flat[:limit - 1] + "…"
    flat = flat.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}" if flat else ""


def _samples(f: dict[str, Any], limit: int = 3) -> str:
    samples = (f.get("evidence") or {}).get("samples") or []
    shown = []
    for s in samples[:limit]:
        key = ", ".join(f"{k}={v}" for k, v in (s.get("key") or {}).items())
        n = s.get("count")
        shown.append(code(key, 80) + (f" ×{n}" if isinstance(n, int) and n > 1 else ""))
    return "; ".join(shown) or "–"


def _head(report: dict[str, Any]) -> list[str]:
    s = report["summary"]
    verdict = _VERDICT.get(int(s["exit_code"]), f"exit {s['exit_code']}")
    prio = " · ".join(f"{k} {v}" for k, v in s["by_priority"].items())
    cats = ", ".join(f"{k} {v}" for k, v in s["by_category"].items() if v)
    lines = [f"## drift: {verdict}", "",
             f"**{s['total']} findings** ({prio}) · **{s['data_blockers']} data blockers** · "
             f"fail-on `{s['fail_on']}` · exit {s['exit_code']}", ""]
    if cats:
        lines += [f"By category: {text(cats, 2000)}", ""]
    lines += [f"Target {code(report['target']['url'], 300)} · expected "
              f"{code(report['expected']['source'], 300)}", ""]
    return lines


def _finding_row(f: dict[str, Any], tables: dict[tuple[str, str], str | None]) -> str:
    live = live_object(f, tables)
    live_cell = f"{live_label(f).split()[-1]} {code(live)}" if live else "not live"
    return (f"| {f['priority']} | {f['code']} | {code(where(f))} | "
            f"{code(f.get('object') or '')} | {live_cell} | {text(f['message'])} |")


def _blocker_row(f: dict[str, Any]) -> str:
    return (f"| {f['priority']} | {f['code']} | {code(where(f))} | "
            f"{code(f.get('object') or '')} | {text(counts(f) or '–')} | {_samples(f)} |")


def share_room(sizes: list[int], room: int) -> list[int]:
    """Share `room` among sections: a small one gets all it needs, big ones split the
    rest evenly (so blockers are never crowded out by a long list of findings)."""
    given = [0] * len(sizes)
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    for n, i in enumerate(order):
        given[i] = min(sizes[i], room // (len(sizes) - n))
        room -= given[i]
    return given


def build(report: dict[str, Any], *, html: str | None = None, run_url: str | None = None,
          limit: int = LIMIT) -> str:
    """The Markdown summary. `html` is the HTML report's path or URL, `run_url` the CI
    run's page (where the HTML is kept as an artifact)."""
    fail_on = Priority(report["summary"]["fail_on"])
    tables = live_tables(report)
    findings = report["findings"]
    blockers = [f for f in findings if f["category"] == "data_blocker"]
    failing = [f for f in findings if gates(f, fail_on) and f["category"] != "data_blocker"]
    head = _head(report) + _baseline_lines(report)

    tail = []
    rest = len(findings) - len(failing) - len(blockers)
    if rest:
        tail += ["", f"{rest} other finding(s) (below `{fail_on.value}`, or accepted by the "
                     "baseline) are in the full report."]
    if html:
        target = f"[{text(html, 300)}]({html.replace(' ', '%20').replace(')', '%29')})"
        kept = f" (kept as an artifact of [this run]({run_url}))" if run_url else ""
        tail += ["", f"Full report: {target}{kept}. The JSON report has every field."]
    else:
        tail += ["", "Full details: `drift check --html FILE` (or `--json FILE`)."]

    sections: list[tuple[list[str], list[str]]] = []
    if failing:
        sections.append(([f"### Must fix: {len(failing)} finding(s) at or above "
                          f"`{fail_on.value}`" + (" (data blockers below)" if blockers else ""),
                          "", "| priority | code | table | object | live | finding |",
                          "|---|---|---|---|---|---|"],
                         [_finding_row(f, tables) for f in failing]))
    if blockers:
        sections.append(([f"### Data blockers: {len(blockers)}", "",
                          "Rows that would make the migration fail: resolve them first.", "",
                          "| priority | code | table | check | count | samples |",
                          "|---|---|---|---|---|---|"],
                         [_blocker_row(f) for f in blockers]))

    def size(lines: list[str]) -> int:
        return sum(len(line) + 1 for line in lines)

    note = 120  # room for one section's "rows left out" line
    room = limit - size(head) - size(tail) - 1
    shares = share_room([size(["", *intro, *rows]) + note for intro, rows in sections], room)
    out = list(head)
    for (intro, rows), share in zip(sections, shares, strict=True):
        budget = share - note - size(["", *intro])
        if budget < 0:
            continue
        out += ["", *intro]
        taken = take_rows(rows, budget)
        out += taken
        shown = len(taken)
        if shown < len(rows):
            out += ["", f"> **{len(rows) - shown} more row(s) not shown** to keep this "
                        f"summary under {limit:,} characters; the full report has them all."]
    out += tail
    return "\n".join(out) + "\n"


def _baseline_lines(report: dict[str, Any], shown: int = 20) -> list[str]:
    b = report.get("baseline")
    if not b:
        return []
    lines = [f"Baseline {code(b['file'], 300)}: **{b['new']} new** · {b['baselined']} "
             f"baselined · {b['expired']} expired (count as new) · {len(b['fixed'])} fixed", ""]
    grown = [f"- {g['code']} {code(where(g))} {code(g['object'])}: "
             f"{text(grown_text(g['grown']))}" for g in b["grown"]]
    fixed = [f"- {e['code']} {code(where(e))} {code(e['object'])}" for e in b["fixed"]]
    for title, items in (("Blockers grown since the baseline:", grown),
                         ("Fixed since the baseline (prune them: rerun `drift baseline`):",
                          fixed)):
        if items:
            more = [f"- … and {len(items) - shown} more"] if len(items) > shown else []
            lines += [title, "", *items[:shown], *more, ""]
    return lines


def write(markdown: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
