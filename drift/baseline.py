"""Baselines: adopt drift on a database that already drifts.

`drift baseline` records today's findings by a stable fingerprint: the finding's code,
schema, target table, object and columns; never its message, counts or samples, which
change from run to run. `drift check --baseline FILE` then fails only on new findings:

- a finding that matches an entry is *baselined*: reported apart, never failing the run;
- an entry may carry `reason` and `expires` (a date, the last day it is accepted); an
  expired entry's finding counts as new;
- an entry that no longer matches any finding is *fixed*: reported, to be pruned (rerun
  `drift baseline`, which keeps the reason and expiry of entries still matched);
- a data blocker is baselined by its check (code, table, constraint, columns), not by its
  counts; a count that grows is reported ("was 3 groups, now 5") without failing the run.

Everything reads and annotates the JSON report dict, so every output agrees.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from drift import evidence
from drift.errors import DriftInputError, read_json
from drift.spec import Priority

BASELINE_VERSION = 1
IDENTITY = ("code", "schema", "table", "object", "columns")
ENTRY_KEYS = frozenset({*IDENTITY, "fingerprint", "priority", "message", "counts", "reason",
                        "expires"})
TOP_KEYS = frozenset({"tool", "baseline_version", "created", "target", "expected",
                      "entries"})
COUNT_KEYS = evidence.COUNTS  # each evidence kind's count fields (drift.evidence)
UNITS = evidence.UNITS


def identity(f: dict[str, Any]) -> dict[str, Any]:
    """The fields that identify a finding across runs."""
    return {"code": f["code"], "schema": f["schema"], "table": f.get("table") or "",
            "object": f.get("object") or "", "columns": list(f.get("columns") or [])}


def _key(f: dict[str, Any]) -> str:
    return json.dumps(identity(f), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(f: dict[str, Any]) -> str:
    """A short hash of `identity(f)`; equal for the same finding in any run."""
    return hashlib.sha256(_key(f).encode("utf-8")).hexdigest()[:16]


def blocker_counts(f: dict[str, Any]) -> dict[str, int]:
    """A data blocker's (or broken invariant's) counts, by evidence field."""
    ev = f.get("evidence") or {}
    keys = COUNT_KEYS.get(str(ev.get("kind")), ())
    return {k: int(ev[k]) for k in keys if isinstance(ev.get(k), int)}


def gates(f: dict[str, Any], fail_on: Priority | str) -> bool:
    """Whether a finding fails the run: at or above fail-on, and not accepted by a
    baseline (an expired entry counts as new)."""
    if Priority(f["priority"]).rank < Priority(fail_on).rank:
        return False
    return (f.get("baseline") or {}).get("state") != "baselined"


def exit_code_of(findings: list[dict[str, Any]], fail_on: Priority | str) -> int:
    """0 clean, 1 drift, 3 drift with a data blocker, counting the findings that gate."""
    failing = [f for f in findings if gates(f, fail_on)]
    if not failing:
        return 0
    return 3 if any(f["category"] == "data_blocker" for f in failing) else 1


# --- the file --------------------------------------------------------------------------

def entry(f: dict[str, Any], *, reason: str | None = None,
          expires: date | None = None) -> dict[str, Any]:
    e: dict[str, Any] = {**identity(f), "fingerprint": fingerprint(f),
                         "priority": f["priority"], "message": f["message"]}
    counts = blocker_counts(f)
    if counts:
        e["counts"] = counts
    if reason:
        e["reason"] = reason
    if expires:
        e["expires"] = expires.isoformat()
    return e


def create(report: dict[str, Any], *, previous: dict[str, Any] | None = None,
           reason: str | None = None, expires: date | None = None,
           today: date | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """A baseline of the report's findings, and counts of what changed against
    `previous`: entries still matched keep their reason and expiry."""
    kept: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in (previous or {}).get("entries", []):
        kept[_key(e)].append(e)
    entries, stats = [], {"kept": 0, "added": 0, "dropped": 0}
    for f in report["findings"]:
        old = kept[_key(f)].pop(0) if kept.get(_key(f)) else None
        new = entry(f, reason=reason, expires=expires)
        if old is not None:
            stats["kept"] += 1
            for field in ("reason", "expires"):
                new.pop(field, None)
                if old.get(field):
                    new[field] = old[field]
        else:
            stats["added"] += 1
        entries.append(new)
    stats["dropped"] = sum(len(v) for v in kept.values())
    return {
        "tool": "drift",
        "baseline_version": BASELINE_VERSION,
        "created": (today or date.today()).isoformat(),
        "target": report["target"]["url"],
        "expected": report["expected"]["source"],
        "entries": entries,
    }, stats


def write(baseline: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def _date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise DriftInputError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DriftInputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_date(value: str) -> date:
    return _date(value, "--expires")


def load(path: Path) -> dict[str, Any]:
    """Read and check a baseline file; bad input is one line naming the position."""
    data = read_json(path, "baseline",
                     missing=" (create it with `drift baseline ... -o FILE`)")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise DriftInputError(f"{path}: not a drift baseline (no \"entries\" list)")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise DriftInputError(f"{path}: unknown key {unknown[0]!r} (known: "
                              f"{', '.join(sorted(TOP_KEYS))})")
    if data.get("baseline_version", BASELINE_VERSION) != BASELINE_VERSION:
        raise DriftInputError(f"{path}: baseline_version {data['baseline_version']!r} is not "
                              f"supported (this drift reads {BASELINE_VERSION})")
    for i, e in enumerate(data["entries"]):
        where = f"{path}: entries[{i}]"
        if not isinstance(e, dict):
            raise DriftInputError(f"{where}: expected an object")
        unknown = sorted(set(e) - ENTRY_KEYS)
        if unknown:
            raise DriftInputError(f"{where}: unknown key {unknown[0]!r}")
        for field in ("code", "schema"):
            if not isinstance(e.get(field), str) or not e[field]:
                raise DriftInputError(f"{where}.{field}: required, a non-empty string")
        for field in ("table", "object", "reason"):
            if e.get(field) is not None and not isinstance(e[field], str):
                raise DriftInputError(f"{where}.{field}: expected a string")
        columns = e.get("columns", [])
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise DriftInputError(f"{where}.columns: expected a list of strings")
        if e.get("expires") is not None:
            _date(e["expires"], f"{where}.expires")
        counts = e.get("counts", {})
        if not isinstance(counts, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
            raise DriftInputError(f"{where}.counts: expected numbers by name")
    return data


# --- applying it -----------------------------------------------------------------------

def apply(report: dict[str, Any], baseline: dict[str, Any], *, source: str = "",
          today: date | None = None) -> None:
    """Annotate the report: each finding gets `baseline.state` (new, baselined or
    expired; grown counts when a blocker got worse), the report a `baseline` section with
    the counts and the entries no longer matched; the exit code counts new findings only.
    """
    today = today or date.today()
    pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in baseline["entries"]:
        pending[_key(e)].append(e)
    grown, states = [], {"new": 0, "baselined": 0, "expired": 0}
    for f in report["findings"]:
        matches = pending.get(_key(f))
        if not matches:
            f["baseline"] = {"state": "new"}
            states["new"] += 1
            continue
        e = matches.pop(0)
        expires = e.get("expires")
        expired = expires is not None and date.fromisoformat(expires) < today
        mark: dict[str, Any] = {"state": "expired" if expired else "baselined"}
        for field in ("reason", "expires"):
            if e.get(field):
                mark[field] = e[field]
        was, now = e.get("counts") or {}, blocker_counts(f)
        up = {k: {"was": was[k], "now": now[k]} for k in now if k in was and now[k] > was[k]}
        if up:
            mark["grown"] = up
            grown.append({**identity(f), "grown": up})
        f["baseline"] = mark
        states[mark["state"]] += 1
    fixed = [{**identity(e), **({"reason": e["reason"]} if e.get("reason") else {})}
             for entries in pending.values() for e in entries]
    report["baseline"] = {"file": source, **states, "fixed": fixed, "grown": grown}
    summary = report["summary"]
    summary["exit_code"] = exit_code_of(report["findings"], summary["fail_on"])


def grown_text(grown: dict[str, dict[str, int]]) -> str:
    """e.g. "was 3 groups, now 5; was 7 rows, now 12"."""
    return "; ".join(f"was {v['was']} {UNITS.get(k, k)}, now {v['now']}"
                     for k, v in grown.items())


def terminal_lines(report: dict[str, Any], *, verbose: bool = True) -> list[str]:
    """The baseline's part of the terminal summary (the baselined findings only when
    verbose; what grew and what was fixed always)."""
    b = report.get("baseline")
    if not b:
        return []
    lines = [f"baseline {b['file']}: {b['new']} new, {b['baselined']} baselined, "
             f"{b['expired']} expired (count as new), {len(b['fixed'])} fixed"]
    for f in report["findings"]:
        mark = f.get("baseline") or {}
        if verbose and mark.get("state") == "baselined":
            why = f" ({mark['reason']})" if mark.get("reason") else ""
            lines.append(f"  baselined {f['priority']:<6} {f['code']} "
                         f"{f['schema']}.{f['table']}: {f.get('object') or ''}{why}")
    for g in b["grown"]:
        lines.append(f"  grown     {g['code']} {g['schema']}.{g['table']} {g['object']}: "
                     f"{grown_text(g['grown'])}")
    for e in b["fixed"]:
        lines.append(f"  fixed     {e['code']} {e['schema']}.{e['table']} {e['object']}: "
                     "no longer found; prune it (rerun `drift baseline`)")
    return lines
