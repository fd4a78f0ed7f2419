"""`drift compare old.json new.json`: what changed between two JSON reports.

Findings are matched by their stable identity (drift.baseline.identity: code, schema,
target table, object, columns), never by message. The result lists new findings, fixed
findings, findings that changed (priority, severity or message), and data blockers whose
counts went up or down; as terminal text or Markdown (under 65,000 characters).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift.baseline import UNITS, blocker_counts, identity
from drift.errors import DriftInputError, read_json
from drift.report.live import where
from drift.report.markdown import LIMIT, code, share_room, take_rows, text

_FIELDS = ("priority", "severity", "message")


@dataclass
class Comparison:
    old: dict[str, Any]
    new: dict[str, Any]
    added: list[dict[str, Any]] = field(default_factory=list)
    fixed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], dict[str, Any], list[str]]] = field(default_factory=list)
    up: list[tuple[dict[str, Any], dict[str, tuple[int, int]]]] = field(default_factory=list)
    down: list[tuple[dict[str, Any], dict[str, tuple[int, int]]]] = field(default_factory=list)


def load(path: Path) -> dict[str, Any]:
    """A JSON report written by `drift check --json`; bad input is one line."""
    data = read_json(path, "report")
    if not (isinstance(data, dict) and data.get("tool") == "drift"
            and isinstance(data.get("findings"), list)):
        raise DriftInputError(f"{path}: not a drift JSON report (drift check --json FILE)")
    for i, f in enumerate(data["findings"]):
        if not isinstance(f, dict) or not all(isinstance(f.get(k), str)
                                              for k in ("code", "schema", "priority")):
            raise DriftInputError(f"{path}: findings[{i}]: not a drift finding")
    return data


def _key(f: dict[str, Any]) -> str:
    return json.dumps(identity(f), sort_keys=True)


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    result = Comparison(old, new)
    pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in old["findings"]:
        pending[_key(f)].append(f)
    for f in new["findings"]:
        matches = pending.get(_key(f))
        if not matches:
            result.added.append(f)
            continue
        was = matches.pop(0)
        diffs = [k for k in _FIELDS if was.get(k) != f.get(k)]
        before, after = blocker_counts(was), blocker_counts(f)
        moved = {k: (before[k], after[k]) for k in after if k in before
                 and before[k] != after[k]}
        if moved:
            grew = any(b > a for a, b in moved.values())
            (result.up if grew else result.down).append((f, moved))
            diffs = [d for d in diffs if d != "message"]  # the message carries the counts
        if diffs:
            result.changed.append((was, f, diffs))
    result.fixed = [f for fs in pending.values() for f in fs]
    return result


def _counts(moved: dict[str, tuple[int, int]]) -> str:
    return "; ".join(f"{UNITS.get(k, k)} {a} -> {b}" for k, (a, b) in moved.items())


def _what(f: dict[str, Any]) -> str:
    return f"{f['code']} {where(f)} {f.get('object') or ''}".rstrip()


def _change(was: dict[str, Any], now: dict[str, Any], diffs: list[str]) -> str:
    return "; ".join(f"{d} {was.get(d)!s:.80} -> {now.get(d)!s:.80}" if d != "message"
                     else "message changed" for d in diffs)


def _title(path: str, report: dict[str, Any]) -> str:
    return (f"{path} ({len(report['findings'])} findings, exit "
            f"{report.get('summary', {}).get('exit_code', '?')})")


def render_terminal(c: Comparison, old_name: str, new_name: str) -> str:
    lines = [f"compare: {_title(old_name, c.old)} -> {_title(new_name, c.new)}",
             f"new {len(c.added)}, fixed {len(c.fixed)}, changed {len(c.changed)}; "
             f"blocker counts up {len(c.up)}, down {len(c.down)}"]
    for title, rows in (
            ("new", [f"{f['priority']:<6} {_what(f)}: {f['message'].splitlines()[0]}"
                     for f in c.added]),
            ("fixed", [f"{f['priority']:<6} {_what(f)}" for f in c.fixed]),
            ("changed", [f"{_what(now)}: {_change(was, now, d)}" for was, now, d in c.changed]),
            ("blockers up", [f"{_what(f)}: {_counts(m)}" for f, m in c.up]),
            ("blockers down", [f"{_what(f)}: {_counts(m)}" for f, m in c.down])):
        if rows:
            lines += ["", f"{title} ({len(rows)}):", *(f"  {r}" for r in rows)]
    return "\n".join(lines)


def render_markdown(c: Comparison, old_name: str, new_name: str, *,
                    limit: int = LIMIT) -> str:
    head = ["## drift compare", "",
            f"{text(_title(old_name, c.old))} → {text(_title(new_name, c.new))}", "",
            f"**{len(c.added)} new** · {len(c.fixed)} fixed · {len(c.changed)} changed · "
            f"blocker counts up {len(c.up)}, down {len(c.down)}"]
    sections = [
        (f"### New: {len(c.added)}", "| priority | code | table | object | finding |",
         [f"| {f['priority']} | {f['code']} | {code(where(f))} | {code(f.get('object') or '')}"
          f" | {text(f['message'])} |" for f in c.added]),
        (f"### Fixed: {len(c.fixed)}", "| priority | code | table | object | finding |",
         [f"| {f['priority']} | {f['code']} | {code(where(f))} | {code(f.get('object') or '')}"
          f" | {text(f['message'])} |" for f in c.fixed]),
        (f"### Changed: {len(c.changed)}", "| code | table | object | change |",
         [f"| {now['code']} | {code(where(now))} | {code(now.get('object') or '')} | "
          f"{text(_change(was, now, d))} |" for was, now, d in c.changed]),
        (f"### Blocker counts up: {len(c.up)}", "| code | table | check | counts |",
         [f"| {f['code']} | {code(where(f))} | {code(f.get('object') or '')} | "
          f"{text(_counts(m))} |" for f, m in c.up]),
        (f"### Blocker counts down: {len(c.down)}", "| code | table | check | counts |",
         [f"| {f['code']} | {code(where(f))} | {code(f.get('object') or '')} | "
          f"{text(_counts(m))} |" for f, m in c.down]),
    ]
    sections = [s for s in sections if s[2]]
    note = 120
    room = limit - sum(len(line) + 1 for line in head) - 1
    intros = [["", title, "", header, "|" + "---|" * header.count(" | ") + "---|"]
              for title, header, _ in sections]
    sizes = [sum(len(x) + 1 for x in intro + rows) + note
             for intro, (_, _, rows) in zip(intros, sections, strict=True)]
    out = list(head)
    for intro, (_, _, rows), share in zip(intros, sections, share_room(sizes, room), strict=True):
        budget = share - note - sum(len(x) + 1 for x in intro)
        if budget < 0:
            continue
        out += intro
        taken = take_rows(rows, budget)
        out += taken
        shown = len(taken)
        if shown < len(rows):
            out += ["", f"> **{len(rows) - shown} more row(s) not shown** to stay under "
                        f"{limit:,} characters."]
    return "\n".join(out) + "\n"
