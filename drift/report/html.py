"""The HTML report: one self-contained file a reviewer can open, mail or print.

Everything it shows comes from the JSON report dict, so the two cannot disagree.
Report data is only ever escaped (Jinja's autoescape, never `|safe`); the one piece
of markup built here is the code documentation, rendered from drift's own pages by
a small Markdown subset that escapes every piece of text it emits. No stylesheet link,
no font or image URL, no script from anywhere: the file works offline and leaks
nothing. The page opens on one compact table of findings whose details expand in place
(`<details>`, no script needed); one small inline script adds sorting, filters and a
text search, and without it every finding is simply shown.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from drift.findings import CODES, Category
from drift.plan.ops import Hazard, Phase
from drift.spec import Priority

VERDICTS = {0: ("OK", "ok"), 1: ("DRIFT", "drift"), 3: ("DRIFT with data blockers", "blocked")}
# Evidence keys a data blocker shows in its own layout rather than as plain rows; its
# counts are its integer fields (duplicate_groups, null_rows, ...), whatever the kind.
_BLOCKER_KEYS = {"kind", "samples", "query", "error"}


@dataclass(frozen=True)
class Samples:
    columns: list[str]
    rows: list[tuple[list[Any], Any]]  # (key values in column order, count)
    show_count: bool  # False when every sample is one row (a NULL or orphan row by key)


@dataclass(frozen=True)
class Blocker:
    kind: str
    counts: list[tuple[str, Any]]
    samples: Samples | None
    query: str | None
    error: str | None


@dataclass(frozen=True)
class FindingView:
    anchor: str
    data: dict[str, Any]
    headline: str
    evidence: list[tuple[str, str]]  # the rest of the evidence, as text
    blocker: Blocker | None
    hazards: list[tuple[str, str]]  # (hazard, what it means)
    sql: str
    index: int = 0
    where: str = ""  # schema.table.object, or schema.object without a table
    table: str = ""  # the filter value: schema.table, or "schema (schema objects)"
    blockers: list[tuple[str, str]] = field(default_factory=list)  # (anchor, label)


@dataclass(frozen=True)
class SummaryRow:
    category: str
    counts: list[int]  # one per priority column
    total: int


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: float  # percent of the longest bar
    css: str


@dataclass(frozen=True)
class CodeDoc:
    code: str
    name: str
    headline: str
    body: Markup


def render(report: dict[str, Any]) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(**view(report))


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("drift.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["text"] = text
    return env


def view(report: dict[str, Any]) -> dict[str, Any]:
    """Everything the template shows, prepared so the template only lays it out."""
    findings = _link_blockers([_finding(i, f) for i, f in
                               enumerate(report["findings"], start=1)])
    priorities = _ordered([p.value for p in Priority], (f.data["priority"] for f in findings))
    summary = report["summary"]
    label, verdict_class = VERDICTS.get(summary["exit_code"],
                                        (f"exit {summary['exit_code']}", "blocked"))
    used_hazards = sorted({h for f in findings for h, _ in f.hazards})
    return {
        "report": report,
        "summary": summary,
        "verdict": label,
        "verdict_class": verdict_class,
        "priorities": priorities,
        "summary_rows": _summary_rows(findings, priorities),
        "priority_totals": [sum(1 for f in findings if f.data["priority"] == p)
                            for p in priorities],
        "phases": [(p.label, summary.get("by_phase", {}).get(p.label, 0)) for p in Phase],
        "findings": findings,
        "tables": sorted({f.table for f in findings}),
        "categories": [r.category for r in _summary_rows(findings, priorities)],
        "priority_bars": _bars([(p, n) for p, n in zip(
            priorities, [sum(1 for f in findings if f.data["priority"] == p)
                         for p in priorities], strict=True) if n], "p-"),
        "category_bars": _bars([(r.category, r.total)
                                for r in _summary_rows(findings, priorities)], "c-"),
        "hazards": [(h, _hazard_doc(h)) for h in used_hazards],
        "docs": [_doc(code) for code in sorted({str(f.data["code"]) for f in findings})],
    }


def _ordered(known: list[str], seen: Iterable[object]) -> list[str]:
    """Known values in their registry order, then any others the report carries."""
    extra = sorted({str(v) for v in seen} - set(known))
    return known + extra


def _summary_rows(findings: list[FindingView], priorities: list[str]) -> list[SummaryRow]:
    cells = Counter((str(f.data["category"]), str(f.data["priority"])) for f in findings)
    categories = _ordered([c.value for c in Category], (f.data["category"] for f in findings))
    rows = []
    for category in categories:
        counts = [cells[(category, p)] for p in priorities]
        if sum(counts):
            rows.append(SummaryRow(category, counts, sum(counts)))
    return rows


def _bars(counts: list[tuple[str, int]], css: str) -> list[Bar]:
    top = max((n for _, n in counts), default=0) or 1
    return [Bar(label, n, round(100 * n / top, 1), f"{css}{label}") for label, n in counts]


def _link_blockers(findings: list[FindingView]) -> list[FindingView]:
    """Each finding's data blockers: its own counts when it is one, else the blockers
    found on the same object (a missing unique and the duplicates that stop it)."""
    blockers: dict[tuple[str, str, str], list[FindingView]] = {}
    for f in findings:
        if f.blocker is not None:
            blockers.setdefault(_key(f), []).append(f)
    out = []
    for f in findings:
        if f.blocker is not None:
            b = f.blocker
            label = ("not evaluated" if b.error is not None else
                     ", ".join(f"{n} {what}" for what, n in b.counts) or b.kind)
            links = [(f.anchor, label)]
        else:
            links = [(b.anchor, str(b.data["code"])) for b in blockers.get(_key(f), [])]
        out.append(replace(f, blockers=links))
    return out


def _key(f: FindingView) -> tuple[str, str, str]:
    return (str(f.data["schema"]), str(f.data["table"] or ""), str(f.data["object"] or ""))


def _finding(index: int, f: dict[str, Any]) -> FindingView:
    code = str(f["code"])
    evidence: dict[str, Any] = dict(f.get("evidence") or {})
    blocker = _blocker(evidence) if f.get("category") == Category.DATA_BLOCKER else None
    rest = {k: v for k, v in evidence.items()
            if not (blocker and (k in _BLOCKER_KEYS or _is_count(v)))}
    fix = f.get("fix") or {}
    schema, table, obj = (str(f.get(k) or "") for k in ("schema", "table", "object"))
    where = ".".join(p for p in (schema, table, obj) if p)
    return FindingView(
        anchor=f"finding-{index}", data=f, index=index, where=where,
        table=f"{schema}.{table}" if table else f"{schema} (schema objects)",
        headline=CODES[code].headline if code in CODES else "",
        evidence=[(str(k), text(v)) for k, v in rest.items()],
        blocker=blocker,
        hazards=[(str(h), _hazard_doc(str(h))) for h in fix.get("hazards", [])],
        sql=";\n\n".join(fix.get("sql", [])) + (";" if fix.get("sql") else ""))


def _blocker(evidence: dict[str, Any]) -> Blocker:
    kind = str(evidence.get("kind", ""))
    counts = [(key.replace("_", " "), value) for key, value in evidence.items()
              if _is_count(value)]
    raw = evidence.get("samples")
    samples = None
    if isinstance(raw, list) and raw:
        columns: list[str] = []
        for sample in raw:
            for name in (sample.get("key") or {}):
                if name not in columns:
                    columns.append(str(name))
        rows = [([(s.get("key") or {}).get(c) for c in columns], s.get("count"))
                for s in raw]
        samples = Samples(columns, rows, any(c not in (1, None) for _, c in rows))
    query, error = evidence.get("query"), evidence.get("error")
    return Blocker(kind=kind.replace("_", " "), counts=counts, samples=samples,
                   query=None if query is None else str(query),
                   error=None if error is None else str(error))


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _hazard_doc(name: str) -> str:
    try:
        return Hazard(name).doc
    except ValueError:
        return ""


def text(value: Any) -> str:
    """A value as a reviewer reads it: SQL NULL for None, compact JSON for structures."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# --- the code documentation ----------------------------------------------------------

def _doc(code: str) -> CodeDoc:
    known = CODES.get(code)
    name, headline = (known.name, known.headline) if known else ("", "unknown code")
    try:
        if known is None:  # a report from another version; and never a path from data
            raise FileNotFoundError(code)
        page = resources.files("drift.report").joinpath("codes").joinpath(f"{known.code}.md")
        source = page.read_text(encoding="utf-8")
    except OSError:
        body = Markup("<p>No documentation page for {}.</p>").format(code)
        return CodeDoc(code, name, headline, body)
    lines = source.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the title is shown from the registry, beside the anchor
    return CodeDoc(code, name, headline, markdown("\n".join(lines)))


_FENCE = re.compile(r"^```")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^(\s*)([-*]|\d+\.)\s+(.*)$")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")


def markdown(source: str, *, heading_offset: int = 2) -> Markup:
    """The Markdown drift's pages use: headings, paragraphs, lists, code spans, fences.

    Every piece of text goes through `escape` before any tag is added around it.
    """
    out: list[Markup] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    ordered = False
    lines = source.splitlines()

    def flush() -> None:
        nonlocal items
        if paragraph:
            out.append(Markup("<p>{}</p>").format(inline(" ".join(paragraph))))
            paragraph.clear()
        if items:
            tag = "ol" if ordered else "ul"
            lis = Markup("").join(Markup("<li>{}</li>").format(inline(" ".join(i)))
                                  for i in items)
            out.append(Markup("<{0}>{1}</{0}>").format(Markup(tag), lis))
            items = []

    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if _FENCE.match(line):
            flush()
            block = []
            while i < len(lines) and not _FENCE.match(lines[i]):
                block.append(lines[i])
                i += 1
            i += 1  # the closing fence
            out.append(Markup("<pre class=\"doc-code\"><code>{}</code></pre>")
                       .format("\n".join(block)))
        elif not line.strip():
            flush()
        elif heading := _HEADING.match(line):
            flush()
            level = Markup(str(min(6, len(heading.group(1)) + heading_offset)))
            out.append(Markup("<h{0}>{1}</h{0}>").format(level, inline(heading.group(2))))
        elif item := _ITEM.match(line):
            numbered = item.group(2)[0].isdigit()
            if paragraph or (items and numbered != ordered):
                flush()
            ordered = numbered
            items.append([item.group(3)])
        elif items and line.startswith(" "):
            items[-1].append(line.strip())
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return Markup("\n").join(out)


def inline(source: str) -> Markup:
    """Code spans verbatim; **strong** elsewhere; everything escaped."""
    parts: list[Markup] = []
    for n, piece in enumerate(_CODE_SPAN.split(source)):
        if n % 2:
            parts.append(Markup("<code>{}</code>").format(piece))
        else:
            escaped = str(escape(piece))
            parts.append(Markup(_STRONG.sub(r"<strong>\1</strong>", escaped)))
    return Markup("").join(parts)
