"""Fleets: many databases checked against one expected schema.

The expected schema is materialised once (`drift.sources.materialised`) and every
target is checked against it by `drift.check.check_against`, concurrently (`jobs`
threads: psycopg releases the GIL while it waits on the server), each in its own
read-only snapshot. The result is one fleet report (a drift matrix: database x
finding code, with counts, worst databases first) and one report per database.

A fleet too big for one machine is split the way CI splits work: `--shard i/N` keeps
the targets whose name hashes to share i (stable: adding a target never moves the
others), and `merge_reports` combines the shards' fleet JSON into one matrix.

fleet.toml, small and strict (an unknown key is bad input, with its line)::

    [fleet]                      # optional
    name = "tenants"

    [[targets]]
    name = "tenant-001"          # letters, digits, . _ -; unique; names the report file
    url_env = "TENANT_001_URL"   # or url = "postgresql://..." (keep secrets out of files)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift import __version__, dsn
from drift.db import describe
from drift.errors import DriftInputError, at, read_json
from drift.spec import Priority, SpecError, check_shape, locate

FLEET_SCHEMA_VERSION = 1
KIND = "drift-fleet"
_STR = "a string"
LAYOUT: dict[str, dict[str, str]] = {
    "fleet": {"name": _STR},
    "targets": {"name": _STR, "url": _STR, "url_env": _STR},
}
_SINGLE = frozenset({"fleet"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# clean: no finding; drift: findings (exit 1, or 0 when all are below --fail-on);
# blocked: exit 3 (drift with a data blocker); error: the database was not checked.
_RANK = {"clean": 0, "drift": 1, "blocked": 2, "error": 3}  # worst last
_EXIT_RANK = {0: 0, 1: 1, 3: 2, 2: 3}


@dataclass(frozen=True)
class Target:
    """One database of the fleet. `url` is None until resolved from `url_env`."""

    name: str
    url: str | None
    url_env: str | None = None
    where: str = ""  # file:line, or the option, for messages

    def resolved(self) -> str:
        """The URL, read from the environment for `url_env` (bad input if unset)."""
        if self.url is not None:
            return self.url
        value = os.environ.get(self.url_env or "", "")
        if not value.strip():
            raise DriftInputError(f"{self.where}: target {self.name}: environment variable "
                                  f"{self.url_env} is not set (url_env names it)")
        _check_url(value, f"{self.where}: target {self.name}: ${self.url_env}")
        return value


def _check_url(url: str, where: str) -> None:
    try:
        dsn.parse(url)
    except DriftInputError as exc:
        raise DriftInputError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class Fleet:
    name: str | None
    targets: tuple[Target, ...]


def load_fleet(path: Path) -> Fleet:
    """Read fleet.toml; every problem is one line naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DriftInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DriftInputError(f"{path}: is a directory, not a fleet.toml") from None
    except UnicodeDecodeError as exc:
        raise DriftInputError(f"{path}: not UTF-8 text at byte {exc.start}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DriftInputError(f"{path}: invalid TOML: {exc}") from None
    try:
        check_shape(data, LAYOUT, _SINGLE)
        return _parse(data, path, text)
    except SpecError as exc:
        raise DriftInputError(f"{at(path, locate(text, exc.path))}: {exc}") from None


def _parse(data: dict[str, Any], path: Path, text: str) -> Fleet:
    entries = data.get("targets", [])
    if not entries:
        raise SpecError(("targets",), "no targets: add a [[targets]] table with a name and a "
                                      "url or url_env for each database")
    seen: dict[str, int] = {}
    targets = []
    for i, entry in enumerate(entries):
        where = f"targets[{i}]"
        if "name" not in entry:
            raise SpecError(("targets", i), f"{where}: missing key 'name'")
        name = entry["name"]
        if not _NAME.match(name):
            raise SpecError(("targets", i, "name"),
                            f"{where}: name {name!r} must be 1 to 100 letters, digits, '.', "
                            "'_' or '-', starting with a letter or digit (it names the "
                            "report file)")
        if name in seen:
            raise SpecError(("targets", i, "name"),
                            f"{where}: name {name!r} is already used by targets[{seen[name]}]")
        seen[name] = i
        has_url, has_env = "url" in entry, "url_env" in entry
        if has_url == has_env:
            raise SpecError(("targets", i), f"{where} ({name}): give exactly one of url and "
                                            "url_env (url_env names an environment variable "
                                            "that holds the URL)")
        line = at(path, locate(text, ("targets", i)))
        if has_env:
            if not _ENV.match(entry["url_env"]):
                raise SpecError(("targets", i, "url_env"),
                                f"{where}: url_env must name an environment variable, "
                                f"got {entry['url_env']!r}")
            targets.append(Target(name, None, entry["url_env"], line))
        else:
            try:
                _check_url(entry["url"], f"{where} ({name})")
            except DriftInputError as exc:
                raise SpecError(("targets", i, "url"), str(exc)) from None
            dsn.register(entry["url"])
            targets.append(Target(name, entry["url"], None, line))
    return Fleet(data.get("fleet", {}).get("name"), tuple(targets))


def fleet_from_urls(urls: Iterable[str]) -> Fleet:
    """Several --db: each target is named after its database (names must differ)."""
    targets: list[Target] = []
    for i, url in enumerate(urls, start=1):
        database = str(describe(url)["database"] or "")
        name = re.sub(r"[^A-Za-z0-9._-]", "_", database)[:100].lstrip("._-")
        if not name:
            raise DriftInputError(f"--db #{i} ({dsn.mask(url)}) names no database: use "
                                  "--targets fleet.toml to name each target")
        if any(t.name == name for t in targets):
            raise DriftInputError(f"--db #{i} ({dsn.mask(url)}): another --db is also named "
                                  f"{name!r}: use --targets fleet.toml to name each target")
        targets.append(Target(name, url, None, f"--db #{i}"))
    return Fleet(None, tuple(targets))


# --- shards ---------------------------------------------------------------------------

def parse_shard(text: str) -> tuple[int, int]:
    """`i/N` with 1 <= i <= N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"{text!r} is not i/N (e.g. 2/3: the second of three shares)")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f"{text!r}: i must be between 1 and N, and N at least 1")
    return index, count


def shard_of(name: str, count: int) -> int:
    """The share (1..count) a target belongs to: a hash of its name, so that it does
    not depend on the order or the number of targets in the file."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select_shard(targets: Iterable[Target], index: int, count: int) -> tuple[Target, ...]:
    return tuple(t for t in targets if shard_of(t.name, count) == index)


# --- running --------------------------------------------------------------------------

@dataclass(frozen=True)
class Options:
    """What each target is checked with (as `drift check` options)."""

    scratch_url: str | None = None
    schemas: tuple[str, ...] | None = None
    samples: bool = True
    data: bool = True
    statement_timeout: str | None = None
    lock_timeout: str = "5s"
    work_mem: str | None = None  # None: drift.check's default
    fail_on: Priority = Priority.MUST
    priority: Priority = Priority.DEFER
    phase: str | None = None


def fingerprint(catalog_dict: dict[str, Any], spec_source: str) -> str:
    """What shards must agree on to be merged: the materialised schema and drift.toml."""
    digest = hashlib.sha256(json.dumps(catalog_dict, sort_keys=True).encode("utf-8"))
    spec = Path(spec_source)
    if spec.is_file():
        digest.update(spec.read_bytes())
    return digest.hexdigest()[:16]


def catalog_helpers(jobs: int, targets: int) -> int:
    """The sessions each database's catalog read may open beside its own, so that the
    fleet keeps to `jobs` connections at once: `jobs` databases are checked at a time,
    each on one connection, and what is left when there are fewer databases than `jobs`
    is shared out (up to the reader's own HELPERS)."""
    from drift.inspect.reader import HELPERS

    at_once = max(1, min(jobs, targets))
    return max(0, min(HELPERS, max(1, jobs) // at_once - 1))


def run_fleet(expected_path: Path, fleet: Fleet, out_dir: Path, *, jobs: int = 4,
              options: Options = Options(), shard: tuple[int, int] | None = None,
              on_done: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Check every target (of the shard), write the per-database reports under
    `out_dir/targets/`, and return the fleet report (written by the caller)."""
    from drift.check import WORK_MEM, check_against, select
    from drift.report import json_report
    from drift.report.html import render as render_html
    from drift.sources import materialised

    targets = fleet.targets if shard is None else select_shard(fleet.targets, *shard)
    urls = {t.name: t.resolved() for t in targets}  # bad input before any server starts
    for url in urls.values():
        dsn.register(url)  # here, not in the threads: scrub() reads this set
    reports_dir = out_dir / "targets"
    reports_dir.mkdir(parents=True, exist_ok=True)
    helpers = catalog_helpers(jobs, len(targets))
    started = time.perf_counter()
    with materialised(expected_path, options.scratch_url, options.schemas) as (expected,
                                                                               scratch):
        loaded = time.perf_counter() - started

        def one(target: Target) -> dict[str, Any]:
            url = urls[target.name]
            row: dict[str, Any] = {"name": target.name, "target": describe(url)}
            try:
                result = check_against(expected, scratch, url, schemas=options.schemas,
                                       samples=options.samples, data=options.data,
                                       statement_timeout=options.statement_timeout,
                                       lock_timeout=options.lock_timeout, partial=True,
                                       work_mem=options.work_mem or WORK_MEM,
                                       helpers=helpers, depends=False)
                result.timings = {"load_expected": loaded, **result.timings}
                result.findings = select(result.findings, options.priority, options.phase)
                report = json_report.build(result, options.fail_on, samples=options.samples)
                json_report.write(report, reports_dir / f"{target.name}.json")
                (reports_dir / f"{target.name}.html").write_text(render_html(report),
                                                                 encoding="utf-8")
            except Exception as exc:  # noqa: BLE001 - a target that fails is an error row
                row.update(_error_row(exc))
            else:
                row.update(_row(report, f"targets/{target.name}"))
            if on_done is not None:
                on_done(row)
            return row

        with ThreadPoolExecutor(max_workers=max(1, jobs),
                                thread_name_prefix="drift-fleet") as pool:
            rows = list(pool.map(one, targets))
        fp = fingerprint(expected.catalog.to_dict(), expected.spec.source)
        source, spec = str(expected.source), expected.spec.source
    return build_report(rows, name=fleet.name, expected={
        "source": source, "spec": spec, "fingerprint": fp}, fail_on=options.fail_on,
        shards=[{"index": shard[0], "count": shard[1]}] if shard else [],
        timings_ms={"load_expected": round(loaded * 1000, 1),
                    "total": round((time.perf_counter() - started) * 1000, 1)})


def _row(report: dict[str, Any], stem: str) -> dict[str, Any]:
    summary = report["summary"]
    code = int(summary["exit_code"])
    status = "blocked" if code == 3 else "drift" if code or summary["total"] else "clean"
    return {"status": status, "exit_code": code,
            "total": summary["total"], "data_blockers": summary["data_blockers"],
            "counts": dict(sorted(Counter(f["code"] for f in report["findings"]).items())),
            "error": None, "report": {"json": f"{stem}.json", "html": f"{stem}.html"}}


def _error_row(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, DriftInputError):
        text = str(exc)
    else:
        lines = str(exc).strip().splitlines()
        text = f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": ")
    return {"status": "error", "exit_code": 2, "total": 0, "data_blockers": 0, "counts": {},
            "error": " ".join(dsn.scrub(text).split()), "report": None}


def _sort_key(row: dict[str, Any]) -> tuple[int, int, int, int, str]:
    return (-_RANK[row["status"]], -_EXIT_RANK[row["exit_code"]], -row["data_blockers"],
            -row["total"], row["name"])


def fleet_exit_code(rows: Iterable[dict[str, Any]]) -> int:
    """The worst of the fleet: 2 when a target could not be checked (as `drift check`
    exits for an unreachable database), else 3, 1 or 0 as for one database."""
    worst = max((_EXIT_RANK[r["exit_code"]] for r in rows), default=0)
    return {rank: code for code, rank in _EXIT_RANK.items()}[worst]


def build_report(rows: list[dict[str, Any]], *, name: str | None, expected: dict[str, Any],
                 fail_on: Priority | str, shards: list[dict[str, int]],
                 timings_ms: dict[str, float]) -> dict[str, Any]:
    rows = sorted(rows, key=_sort_key)
    codes = sorted({code for r in rows for code in r["counts"]})
    statuses = Counter(r["status"] for r in rows)
    return {
        "tool": "drift",
        "kind": KIND,
        "version": __version__,
        "fleet_schema_version": FLEET_SCHEMA_VERSION,
        "name": name,
        "expected": expected,
        "fail_on": Priority(fail_on).value,
        "shards": sorted(shards, key=lambda s: (s["count"], s["index"])),
        "summary": {"targets": len(rows), **{s: statuses.get(s, 0) for s in _RANK},
                    "exit_code": fleet_exit_code(rows)},
        "codes": codes,
        "totals": {code: {"databases": sum(1 for r in rows if code in r["counts"]),
                          "findings": sum(r["counts"].get(code, 0) for r in rows)}
                   for code in codes},
        "matrix": rows,
        "timings_ms": timings_ms,
    }


# --- merging shards -------------------------------------------------------------------

def fleet_schema() -> dict[str, Any]:
    """The JSON Schema of the fleet report (drift/report/fleet.schema.json)."""
    from importlib import resources

    text = resources.files("drift.report").joinpath("fleet.schema.json").read_text()
    return dict(json.loads(text))


def load_report(path: Path) -> dict[str, Any]:
    data = read_json(path, "fleet report")
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise DriftInputError(f"{path}: not a drift fleet report (written by "
                              "`drift check --targets` or `drift merge-reports`)")
    if data.get("fleet_schema_version") != FLEET_SCHEMA_VERSION:
        raise DriftInputError(f"{path}: fleet report version "
                              f"{data.get('fleet_schema_version')!r}; this drift reads "
                              f"{FLEET_SCHEMA_VERSION}")
    return data


def merge_reports(paths: list[Path], output: Path) -> dict[str, Any]:
    """One fleet report from the shards' reports; report links are rewritten to be
    relative to `output`. Bad input: reports against another expected schema or
    fail-on, a target in two reports, a shard given twice or missing."""
    if not paths:
        raise DriftInputError("merge-reports: give the fleet JSON reports to merge")
    reports = [(p, load_report(p)) for p in paths]
    first_path, first = reports[0]
    rows: list[dict[str, Any]] = []
    owner: dict[str, Path] = {}
    shards: list[dict[str, int]] = []
    timings: Counter[str] = Counter()
    for path, report in reports:
        for key in ("expected", "fail_on"):
            ours = report[key]["fingerprint"] if key == "expected" else report[key]
            theirs = first[key]["fingerprint"] if key == "expected" else first[key]
            if ours != theirs:
                what = "expected schema" if key == "expected" else "--fail-on"
                raise DriftInputError(f"{path}: checked with another {what} than "
                                      f"{first_path} ({ours} != {theirs}); shards must share it")
        for shard in report["shards"]:
            if shard in shards:
                raise DriftInputError(f"{path}: shard {shard['index']}/{shard['count']} is "
                                      "given twice")
            shards.append(shard)
        for row in report["matrix"]:
            if row["name"] in owner:
                raise DriftInputError(f"{path}: target {row['name']} is also in "
                                      f"{owner[row['name']]}")
            owner[row["name"]] = path
            row = dict(row)
            if row.get("report"):
                row["report"] = {k: _relink(path, v, output) for k, v in row["report"].items()}
            rows.append(row)
        timings.update(report.get("timings_ms", {}))
    counts = {s["count"] for s in shards}
    if len(counts) > 1:
        raise DriftInputError(f"merge-reports: shards of different splits "
                              f"({', '.join(_shard_text(s) for s in shards)})")
    if counts:
        (count,) = counts
        missing = sorted(set(range(1, count + 1)) - {s["index"] for s in shards})
        if missing:
            named = ", ".join(f"{i}/{count}" for i in missing)
            raise DriftInputError(f"merge-reports: shard {named} is missing: the matrix "
                                  "would leave its targets out")
        shards = []  # complete: the merged report is the whole fleet
    return build_report(rows, name=first.get("name"), expected=first["expected"],
                        fail_on=first["fail_on"], shards=shards,
                        timings_ms={k: round(v, 1) for k, v in timings.items()})


def _shard_text(shard: dict[str, int]) -> str:
    return f"{shard['index']}/{shard['count']}"


def _relink(report_path: Path, link: str, output: Path) -> str:
    target = (report_path.parent / link).resolve()
    return os.path.relpath(target, output.parent.resolve())


def relinked(report: dict[str, Any], base: Path, output: Path) -> dict[str, Any]:
    """`report` with its per-database links (relative to `base`, a directory) made
    relative to the directory of `output`."""
    rows = [{**row, "report": {k: _relink(base / "_", v, output)
                               for k, v in row["report"].items()} if row["report"] else None}
            for row in report["matrix"]]
    return {**report, "matrix": rows}


def write(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- terminal -------------------------------------------------------------------------

def render_terminal(report: dict[str, Any], paths: list[str]) -> str:
    """The drift matrix of every database that is not clean, and the fleet's verdict."""
    s = report["summary"]
    lines = []
    shown = [r for r in report["matrix"] if r["status"] != "clean"]
    codes = report["codes"]
    if shown:
        width = max(8, *(len(r["name"]) for r in shown))
        lines.append(f"{'database':<{width}}  {'status':<7}  " + "  ".join(codes))
        for r in shown:
            cells = "  ".join(f"{r['counts'].get(c, '') or '.':>{len(c)}}" for c in codes)
            lines.append(f"{r['name']:<{width}}  {r['status']:<7}  {cells}")
            if r["error"]:
                lines.append(f"{'':<{width}}  error: {r['error']}")
        lines.append("")
    lines.append(f"fleet: {s['targets']} databases: {s['clean']} clean, {s['drift']} drift, "
                 f"{s['blocked']} with data blockers, {s['error']} not checked "
                 f"-> exit {s['exit_code']}")
    lines += [f"report: {p}" for p in paths]
    return "\n".join(lines)
