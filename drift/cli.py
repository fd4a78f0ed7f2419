"""The `drift` command line.

Exit codes: 0 no finding at or above --fail-on; 1 drift; 3 drift with a data
blocker; 2 bad input, unreachable database or internal error (one line, no
traceback unless --debug).
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from drift import __version__, dsn
from drift.errors import DriftInputError
from drift.options import (
    AlembicDir,
    ConnectionUrl,
    Duration,
    ExpectedPath,
    InputFile,
    MemorySize,
    OutputPath,
    SchemaName,
)

if TYPE_CHECKING:
    from drift.model import Catalog

F = TypeVar("F", bound=Callable[..., Any])
PRIORITIES = click.Choice(["must", "should", "defer"])
PHASES = click.Choice(["expand", "backfill", "switch", "rename", "cleanup"])
WORK_MEM = MemorySize()
LOCK_TIMEOUT = Duration(1, "a lock wait is counted in whole milliseconds")
STATEMENT_TIMEOUT = Duration(1000, "it bounds every query drift runs, the catalog reads "
                                   "included, and shorter values cancel them")


def _fail(message: str) -> None:
    click.echo(f"drift: error: {dsn.scrub(message)}", err=True)
    sys.exit(2)


def _hide_secrets_from_process_list(argv: list[str]) -> None:
    """A password typed on drift's own command line is masked in `ps` and
    /proc/<pid>/cmdline as soon as drift starts (as the mysql client does)."""
    import os

    for url in (os.environ.get("DATABASE_URL"), *argv):
        if url and ("://" in url or "=" in url):
            dsn.register(url)
    masked = [dsn.scrub(arg) if ("://" in arg or "=" in arg) else arg for arg in argv]
    if masked != argv:
        import setproctitle

        setproctitle.setproctitle(" ".join(masked))


def _usage_line(exc: click.UsageError) -> str:
    """A usage error or a bad option value as one line, naming the option."""
    if (isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter)
            and exc.param is not None):
        name = exc.param.opts[0] if exc.param.opts else exc.param.name
        return " ".join(f"{name}: {exc.message}".split())
    command = exc.ctx.command_path if exc.ctx is not None else "drift"
    return " ".join(exc.format_message().split()) + f" (see {command} --help)"


class OneLineUsage(click.Command):
    """Usage errors and bad option values are bad input: one line, exit 2, and no
    command runs (so no server is started and no database contacted). A password on
    the command line is masked in the process list first. Shared by `drift` and the
    pre-commit hook's command."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        if parent is None:
            _hide_secrets_from_process_list(sys.argv)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            _fail(_usage_line(exc))
            raise  # unreachable: _fail exits


class _Group(OneLineUsage, click.Group):
    """`drift`: besides OneLineUsage, a usage error inside a subcommand is one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            _fail(_usage_line(exc))


def handled(func: F) -> F:
    """Turn every error into one line and exit code 2, unless --debug."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().obj.get("debug"))
        try:
            return func(*args, **kwargs)
        except DriftInputError as exc:
            if debug:
                traceback.print_exc()
            _fail(str(exc))
        except (SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted")
        except Exception as exc:  # an internal error is still one line without --debug
            if debug:
                traceback.print_exc()
            line = str(exc).strip().splitlines()
            _fail(f"internal error: {type(exc).__name__}: {line[0] if line else ''}"
                  " (rerun with --debug for a traceback)")

    return wrapper  # type: ignore[return-value]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drift")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """drift: PostgreSQL schema drift, data blockers and safe migrations."""
    ctx.obj = {"debug": debug}


def _db_option(func: F) -> F:
    return click.option("--db", "db", envvar="DATABASE_URL", metavar="URL", type=ConnectionUrl(),
                        help="Target database (default: $DATABASE_URL).")(func)


def _common(func: F) -> F:
    func = click.option("--expected", required=True, type=ExpectedPath(),
                        help="Directory with schema.sql|models.py|snapshot.json "
                             "(+ drift.toml), or one file.")(func)
    func = _db_option(func)
    func = click.option("--scratch-url", metavar="URL", type=ConnectionUrl(),
                        help="Server for materialising the target (default: embedded).")(func)
    func = click.option("--schema", "schemas", multiple=True, type=SchemaName(),
                        help="Compare only this schema (repeatable).")(func)
    return func


def _check_timeouts(statement_timeout: str | None, lock_timeout: str = "5000ms") -> None:
    """A statement timeout must outlast the lock timeout: a lock wait cut short by the
    statement timeout is a cancelled read, not a table reported as not read (DR601).
    Both come from Duration: whole milliseconds ("5000ms") or "0" (no limit)."""
    if not statement_timeout or statement_timeout == "0":
        return
    statement, lock = int(statement_timeout[:-2]), int(lock_timeout.rstrip("ms") or 0)
    if lock == 0 or statement <= lock:
        waited = "no limit" if lock == 0 else _human_ms(lock)
        raise DriftInputError(
            f"--statement-timeout {_human_ms(statement)} must be longer than --lock-timeout "
            f"({waited}): a lock wait would be cancelled as a failed query instead of "
            "reported as not read; give a longer --statement-timeout or a shorter "
            "--lock-timeout")


def _human_ms(ms: int) -> str:
    return f"{ms // 1000}s" if ms % 1000 == 0 else f"{ms}ms"


def _require_db(db: str | None) -> str:
    if not db:
        raise DriftInputError("no target database: pass --db URL or set DATABASE_URL")
    return db


@main.command()
@_common
@click.option("--json", "json_path", type=OutputPath(), help="Write the JSON report.")
@click.option("--html", "html_path", type=OutputPath(), help="Write the HTML report.")
@click.option("--fail-on", type=PRIORITIES, default="must", show_default=True,
              help="Lowest priority that fails the run.")
@click.option("--no-samples", is_flag=True, help="Leave sample key values out of reports.")
@click.option("--no-data", is_flag=True, help="Skip the data checks (schema only).")
@click.option("--statement-timeout", metavar="DURATION", type=STATEMENT_TIMEOUT,
              help="e.g. 30s, for every query (1s or more; 0 for none).")
@click.option("--work-mem", metavar="SIZE", type=WORK_MEM, default="64MB", show_default=True,
              help="work_mem for drift's own read-only transaction (e.g. 256MB), so the "
                   "data checks' hash aggregates do not spill to disk.")
@click.option("--estimate", is_flag=True,
              help="Instead of counting rows, estimate NULLs and repeated values from "
                   "pg_stats at once: printed as notes marked ESTIMATE, never as findings.")
@click.option("--lock-timeout", metavar="DURATION", default="5s", show_default=True,
              type=LOCK_TIMEOUT,
              help="How long to wait for a lock another session holds before reporting "
                   "the object or check as not evaluated.")
@click.option("--priority", type=PRIORITIES, default="defer", show_default=True,
              help="Report only findings at or above this priority.")
@click.option("--phase", type=PHASES, help="Report only findings fixed in this phase.")
@click.option("--matrix", "show_matrix", is_flag=True,
              help="Print the priority matrix: every target table's state and gaps.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary lines.")
# --- CI outputs (issue 10) ---
@click.option("--sarif", "sarif_path", type=OutputPath(),
              help="Write SARIF 2.1.0 for code scanning.")
@click.option("--junit", "junit_path", type=OutputPath(),
              help="Write JUnit XML: one test case per table.")
@click.option("--markdown", "markdown_path", type=OutputPath(),
              help="Write a short Markdown summary (PR comment, $GITHUB_STEP_SUMMARY).")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Fail only on findings not in this baseline (see `drift baseline`).")
# --- end CI outputs ---
@handled
def check(expected: Path, db: str | None, scratch_url: str | None, schemas: tuple[str, ...],
          json_path: Path | None, html_path: Path | None, fail_on: str, no_samples: bool,
          no_data: bool, statement_timeout: str | None, work_mem: str, lock_timeout: str,
          priority: str, phase: str | None, show_matrix: bool, quiet: bool,
          estimate: bool = False, jobs: int = 1, **ci: Any) -> None:
    """Compare a live database with the expected schema; read-only."""
    from drift.gcpause import gc_paused

    # paused through the report too: once on again, the collector's next pass would
    # traverse both catalogs (every object made while it was off) for nothing
    with gc_paused():
        code = run_and_report(expected, _require_db(db), scratch_url=scratch_url,
                              schemas=schemas or None, json_path=json_path,
                              html_path=html_path, fail_on=fail_on, samples=not no_samples,
                              data=not no_data, statement_timeout=statement_timeout,
                              lock_timeout=lock_timeout, quiet=quiet, priority=priority,
                              phase=phase, show_matrix=show_matrix, work_mem=work_mem,
                              jobs=jobs, estimate=estimate, **ci)
    sys.exit(code)


def run_and_report(expected: Path, db: str, *, scratch_url: str | None = None,
                   schemas: tuple[str, ...] | None = None, json_path: Path | None = None,
                   html_path: Path | None = None, fail_on: str = "must", samples: bool = True,
                   data: bool = True, statement_timeout: str | None = None,
                   lock_timeout: str = "5s", quiet: bool = False, priority: str = "defer",
                   phase: str | None = None, show_matrix: bool = False,
                   work_mem: str | None = None, jobs: int = 1, estimate: bool = False,
                   **ci: Any) -> int:
    """Check, write the reports, print the summary; the exit code. `ci` holds the CI
    outputs' paths (sarif_path, ...): see drift.report.outputs."""
    from drift.check import WORK_MEM, run_check, select
    from drift.progress import Progress
    from drift.spec import Priority

    baseline_path = ci.pop("baseline_path", None)
    if baseline_path:  # read before the check: a bad file fails fast
        from drift.baseline import apply as apply_baseline
        from drift.baseline import load as load_baseline

        baseline = load_baseline(baseline_path)
    result = run_check(expected, db, scratch_url=scratch_url, schemas=schemas, samples=samples,
                       data=data, statement_timeout=statement_timeout,
                       lock_timeout=lock_timeout, partial=True,
                       work_mem=work_mem or WORK_MEM, jobs=jobs, progress=Progress(),
                       estimate=estimate, depends=False)  # a report: no plan to order
    from drift.report import json_report, terminal  # after the check: the live read
    from drift.report.matrix import render_matrix  # starts sooner

    result.findings = select(result.findings, Priority(priority), phase)
    report = json_report.build(result, Priority(fail_on), samples=samples)
    if baseline_path:
        apply_baseline(report, baseline, source=str(baseline_path))
    if show_matrix:
        click.echo("priority matrix:\n" + render_matrix(report["matrix"]) + "\n")
    paths = []
    if json_path:
        json_report.write(report, json_path)
        paths.append(str(json_path))
    if html_path:
        from drift.report.html import render as render_html

        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(render_html(report), encoding="utf-8")
        paths.append(str(html_path))
    if ci:
        from drift.report.outputs import write_ci_outputs

        paths += write_ci_outputs(report, html_path=html_path, **ci)
    click.echo(terminal.render(report, paths, verbose=not quiet))
    return int(report["summary"]["exit_code"])


@main.command()
@_common
@click.option("--sql", "sql_path", type=OutputPath(), metavar="FILE",
              help="Write the psql script to FILE. Without --sql or --alembic it is "
                   "printed to stdout.")
@click.option("--alembic", "alembic_dir", type=OutputPath(directory=True),
              help="Write Alembic revisions (an environment is created if absent).")
@click.option("--priority", type=PRIORITIES, default="defer", show_default=True,
              help="Plan only changes at or above this priority.")
@click.option("--phase", type=PHASES, help="Plan only the steps of this phase.")
@handled
def plan(expected: Path, db: str | None, scratch_url: str | None, schemas: tuple[str, ...],
         sql_path: Path | None, alembic_dir: Path | None, priority: str,
         phase: str | None) -> None:
    """Write the migration that closes the gap, in the safe order.

    With neither --sql nor --alembic, the SQL script is printed to stdout."""
    from drift.check import run_check
    from drift.plan import build_plan
    from drift.render.sql import render_sql
    from drift.spec import Priority

    result = run_check(expected, _require_db(db), scratch_url=scratch_url,
                       schemas=schemas or None, data=False)
    the_plan = build_plan(result.findings, result.live, Priority(priority), phase=phase,
                          target=result.expected.catalog)
    text = render_sql(the_plan)
    if sql_path:
        sql_path.parent.mkdir(parents=True, exist_ok=True)
        sql_path.write_text(text, encoding="utf-8")
        click.echo(f"plan: {len(the_plan.operations)} operations in "
                   f"{len(the_plan.phases)} phases -> {sql_path}")
    if alembic_dir:
        from drift.render.alembic import write_revisions

        for rev in write_revisions(the_plan, alembic_dir):
            click.echo(f"revision {rev.revision} ({rev.phase.label}) -> {rev.path}")
    if not sql_path and not alembic_dir:
        click.echo(text)
    for finding in the_plan.skipped:
        click.echo(f"not automated: {finding.code} {finding.schema}.{finding.table}: "
                   f"{finding.message}", err=True)


@main.command()
@_common
@click.option("--alembic", "alembic_dir", type=AlembicDir(),
              help="Alembic environment whose revisions to prove.")
@click.option("--sql", "sql_file", type=InputFile(), help="SQL plan to prove.")
@click.option("--sample-rows", type=click.IntRange(min=0), default=0, show_default=True,
              help="Rows per table to copy (read-only) besides the schema.")
@handled
def verify(expected: Path, db: str | None, scratch_url: str | None, schemas: tuple[str, ...],
           alembic_dir: Path | None, sql_file: Path | None, sample_rows: int) -> None:
    """Prove a plan on a scratch copy of the target: converge, then round-trip."""
    from drift.verify import render_proof
    from drift.verify import verify as run_verify

    if alembic_dir and sql_file:
        raise DriftInputError("give --alembic or --sql, not both")
    proof = run_verify(expected, _require_db(db), alembic_dir=alembic_dir, sql_file=sql_file,
                       sample_rows=sample_rows, scratch_url=scratch_url)
    click.echo(render_proof(proof))
    sys.exit(0 if proof.ok else 1)


@main.command()
@_db_option
@click.option("-o", "--output", type=OutputPath(), required=True, metavar="FILE",
              help="Write the snapshot (JSON) to this file.")
@click.option("--schema", "schemas", multiple=True, type=SchemaName(),
              help="Snapshot only this schema (repeatable; default: every non-system schema).")
@handled
def snapshot(db: str | None, output: Path, schemas: tuple[str, ...]) -> None:
    """Write the canonical model of a database as JSON (usable as --expected)."""
    from drift.db import read_only_snapshot
    from drift.inspect import read_catalog

    with read_only_snapshot(_require_db(db)) as conn:
        catalog = read_catalog(conn, schemas or None, depends=False)  # not in a snapshot
    output.parent.mkdir(parents=True, exist_ok=True)
    write_snapshot(catalog, output)
    click.echo(f"snapshot: {len(catalog.tables)} tables -> {output}")


def write_snapshot(catalog: Catalog, output: Path) -> None:
    """`snapshot_json(catalog.to_dict())`, written a table at a time: the whole text
    of 10,000 tables (64 MB) and their dicts are never in memory at once."""
    from dataclasses import replace

    from drift.model import table_to_dict

    shell = snapshot_json(replace(catalog, tables={}).to_dict())
    if not catalog.tables:
        output.write_bytes(shell)
        return
    before, after = shell.split(b'\n  "tables": [],\n', 1)
    with output.open("wb") as out:
        out.write(before + b'\n  "tables": [')
        for n, key in enumerate(sorted(catalog.tables)):
            text = snapshot_json(table_to_dict(catalog.tables[key])).rstrip(b"\n")
            out.write((b",\n" if n else b"\n") + b"\n".join(b"    " + line
                                                          for line in text.split(b"\n")))
        out.write(b'\n  ],\n' + after)


def snapshot_json(data: dict[str, Any]) -> bytes:
    """The snapshot file: JSON indented by 2, non-ASCII escaped, as `json.dumps(data,
    indent=2)` writes it, but by orjson (in C: the standard library's encoder is pure
    Python once it indents, 10 s of a 10,000-table snapshot); escaping keeps files
    written before byte for byte the same."""
    import orjson

    text = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    if text.isascii() and b"\x7f" not in text:
        return text
    # only strings hold these: escape them as json's ensure_ascii does
    return re.sub("[\x7f-\U0010ffff]", _escape, text.decode()).encode()


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xd800 | (code >> 10):04x}\\u{0xdc00 | (code & 0x3ff):04x}"


@main.command()
@click.option("--out", "out_dir", type=OutputPath(directory=True), default=Path("reports"),
              show_default=True, help="Where demo.json and demo.html go.")
@handled
def demo(out_dir: Path) -> None:
    """Check a realistic legacy database of the NFT app on an embedded PostgreSQL.

    Exits with the code the check prints (3: the legacy database has drift and data
    blockers, as planted)."""
    from drift.demo import run_demo

    sys.exit(run_demo(out_dir, run_and_report))


# --- drift baseline (issue 10) ---------------------------------------------------------

@main.command()
@_common
@click.option("-o", "--output", type=OutputPath(), required=True,
              help="Baseline file to write; entries of an existing one that still match keep "
                   "their reason and expiry.")
@click.option("--reason", help="Reason recorded on the entries added now.")
@click.option("--expires", metavar="YYYY-MM-DD",
              help="Last day the entries added now are accepted; after it they count as new.")
@click.option("--no-data", is_flag=True, help="Skip the data checks (schema only).")
@click.option("--statement-timeout", metavar="DURATION", type=STATEMENT_TIMEOUT,
              help="e.g. 30s, for every query (1s or more; 0 for none).")
@handled
def baseline(expected: Path, db: str | None, scratch_url: str | None,
             schemas: tuple[str, ...], output: Path, reason: str | None, expires: str | None,
             no_data: bool, statement_timeout: str | None) -> None:
    """Record today's findings, so that `check --baseline FILE` fails only on new ones."""
    from drift import baseline as bl
    from drift.check import run_check
    from drift.report import json_report
    from drift.spec import Priority

    _check_timeouts(statement_timeout)
    until = bl.parse_date(expires) if expires else None
    previous = bl.load(output) if output.exists() else None
    result = run_check(expected, _require_db(db), scratch_url=scratch_url,
                       schemas=schemas or None, samples=False, data=not no_data,
                       statement_timeout=statement_timeout, depends=False)
    report = json_report.build(result, Priority.MUST, samples=False)
    data, stats = bl.create(report, previous=previous, reason=reason, expires=until)
    bl.write(data, output)
    click.echo(f"baseline: {len(data['entries'])} entries ({stats['added']} added, "
               f"{stats['kept']} kept, {stats['dropped']} dropped as fixed) -> {output}")


# --- drift compare (issue 10) ----------------------------------------------------------

@main.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--markdown", "markdown_path", type=OutputPath(),
              help="Also write the comparison as Markdown.")
@handled
def compare(old: Path, new: Path, markdown_path: Path | None) -> None:
    """What changed between two JSON reports: new, fixed and changed findings, and
    blocker counts up or down. Prints to stdout; exits 0."""
    from drift import compare as cmp

    result = cmp.compare(cmp.load(old), cmp.load(new))
    click.echo(cmp.render_terminal(result, str(old), str(new)))
    if markdown_path:
        markdown_path.parent.mkdir(parents=True, exist_ok=True)
        markdown_path.write_text(cmp.render_markdown(result, str(old), str(new)),
                                 encoding="utf-8")
        click.echo(f"report: {markdown_path}")


# --- fleets (issue 9): drift check --targets / several --db, drift merge-reports --------
# Kept in one block: it adds options to `check` (and makes its --db repeatable) by
# wrapping the command defined above, so that command's own code stays as it is.

if TYPE_CHECKING:  # click 8.2+ types ParamType by its value; older clicks do not subscript
    _ShardParam = click.ParamType[tuple[int, int], Any]
else:
    _ShardParam = click.ParamType


class _ShardSpec(_ShardParam):
    name = "i/N"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[int, int]:
        from drift.fleet import parse_shard

        if isinstance(value, tuple):
            return (int(value[0]), int(value[1]))
        try:
            return parse_shard(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class _OneUrlPerVariable(ConnectionUrl):
    """--db, repeatable: $DATABASE_URL is still one URL (never split on spaces)."""

    def split_envvar_value(self, rv: str) -> list[str]:
        return [rv]


_SINGLE_ONLY = {"show_matrix": "--matrix", "sarif_path": "--sarif", "junit_path": "--junit",
                "markdown_path": "--markdown", "baseline_path": "--baseline",
                "estimate": "--estimate"}


def _add_fleet_mode(cmd: click.Command) -> None:
    from click.core import ParameterSource

    db = next(p for p in cmd.params if p.name == "db")
    cmd.params[cmd.params.index(db)] = click.Option(
        ["--db", "db"], envvar="DATABASE_URL", metavar="URL", type=_OneUrlPerVariable(),
        multiple=True, help="Target database (default: $DATABASE_URL). Repeat it to check "
                            "several databases as a fleet.")
    cmd.params += [
        click.Option(["--targets", "targets"], type=InputFile(), metavar="FLEET.TOML",
                     help="Check every database of this fleet file (see README: Fleets)."),
        click.Option(["--jobs", "jobs"], type=click.IntRange(1, 64), metavar="N",
                     help="Fleet: databases checked at once, each on one connection "
                          "[default: 4]. One database: connections its data checks run "
                          "on, all in one snapshot [default: 1]."),
        click.Option(["--shard", "shard"], type=_ShardSpec(),
                     help="Fleet: check only share i of N (a stable hash of each name)."),
        click.Option(["--out-dir", "out_dir"], type=OutputPath(directory=True),
                     help="Fleet: where fleet.json, fleet.html and targets/<name>.json|html "
                          "go [default: drift-fleet]."),
    ]
    for param in cmd.params:
        if isinstance(param, click.Option) and param.name in ("json_path", "html_path"):
            kind = "fleet.json" if param.name == "json_path" else "fleet.html"
            param.help = f"{param.help} With a fleet: the fleet report [default: --out-dir/{kind}]."
    one = cmd.callback
    assert one is not None

    def check_fleet_or_one(**kw: Any) -> Any:
        ctx = click.get_current_context()
        _check_timeouts(kw["statement_timeout"], kw["lock_timeout"])
        dbs: tuple[str, ...] = kw.pop("db")
        targets, jobs, shard, out_dir = (kw.pop(k) for k in ("targets", "jobs", "shard",
                                                             "out_dir"))
        if targets is None and len(dbs) <= 1 and shard is None:
            if out_dir is not None:
                _fail("--out-dir applies to a fleet: give --targets FLEET.TOML or several --db")
            # one database: --jobs N runs its data checks on N connections, one snapshot
            return one(db=dbs[0] if dbs else None, jobs=jobs or 1, **kw)
        if targets is not None and ctx.get_parameter_source("db") is ParameterSource.ENVIRONMENT:
            dbs = ()  # $DATABASE_URL is the default for one database, not a fleet member
        for key, option in _SINGLE_ONLY.items():
            if kw.get(key):
                _fail(f"{option} applies to one database; a fleet writes fleet.json, "
                      "fleet.html and one report per database (see --out-dir)")
        return _run_fleet(dbs, targets, jobs or 4, shard, out_dir or Path("drift-fleet"), **kw)

    cmd.callback = handled(check_fleet_or_one)


def _run_fleet(dbs: tuple[str, ...], targets: Path | None, jobs: int,
               shard: tuple[int, int] | None, out_dir: Path, *, expected: Path,
               scratch_url: str | None, schemas: tuple[str, ...], json_path: Path | None,
               html_path: Path | None, fail_on: str, no_samples: bool, no_data: bool,
               statement_timeout: str | None, lock_timeout: str, priority: str,
               phase: str | None, quiet: bool, work_mem: str | None = None,
               **_single: Any) -> None:
    import threading

    from drift import fleet as fl
    from drift.report.fleet_html import render as render_fleet_html
    from drift.spec import Priority

    the_fleet = fl.load_fleet(targets) if targets else fl.Fleet(None, ())
    extra = fl.fleet_from_urls(dbs) if dbs else fl.Fleet(None, ())
    for t in extra.targets:
        if any(t.name == other.name for other in the_fleet.targets):
            raise DriftInputError(f"{t.where}: a target of {targets} is also named {t.name!r}")
    the_fleet = fl.Fleet(the_fleet.name, the_fleet.targets + extra.targets)
    options = fl.Options(scratch_url=scratch_url, schemas=schemas or None,
                         samples=not no_samples, data=not no_data,
                         statement_timeout=statement_timeout, lock_timeout=lock_timeout,
                         fail_on=Priority(fail_on), priority=Priority(priority), phase=phase,
                         **({"work_mem": work_mem} if work_mem else {}))
    lock, done = threading.Lock(), [0]
    size = len(the_fleet.targets if shard is None else fl.select_shard(the_fleet.targets,
                                                                      *shard))

    def progress(row: dict[str, Any]) -> None:
        if quiet:
            return
        with lock:
            done[0] += 1
            click.echo(f"[{done[0]}/{size}] {row['name']}: {row['status']}", err=True)

    report = fl.run_fleet(expected, the_fleet, out_dir, jobs=jobs, options=options,
                          shard=shard, on_done=progress)
    json_path = json_path or out_dir / "fleet.json"
    html_path = html_path or out_dir / "fleet.html"
    fl.write(fl.relinked(report, out_dir, json_path), json_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(render_fleet_html(fl.relinked(report, out_dir, html_path)),
                         encoding="utf-8")
    click.echo(fl.render_terminal(report, [str(json_path), str(html_path)]))
    sys.exit(int(report["summary"]["exit_code"]))


_add_fleet_mode(check)


@main.command("merge-reports")
@click.argument("reports", nargs=-1, required=True, type=InputFile())
@click.option("-o", "--output", type=OutputPath(), required=True, metavar="FILE",
              help="Write the merged fleet JSON here.")
@click.option("--html", "html_path", type=OutputPath(), help="Also write the merged HTML.")
@handled
def merge_reports(reports: tuple[Path, ...], output: Path, html_path: Path | None) -> None:
    """Combine the fleet JSON of `check --shard i/N` runs into one drift matrix.

    Exits with the fleet's code (0, 1, 3; 2 if a database could not be checked)."""
    from drift import fleet as fl
    from drift.report.fleet_html import render as render_fleet_html

    report = fl.merge_reports(list(reports), output)
    fl.write(report, output)
    paths = [str(output)]
    if html_path:
        merged = fl.merge_reports(list(reports), html_path)  # links relative to the HTML
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(render_fleet_html(merged), encoding="utf-8")
        paths.append(str(html_path))
    click.echo(fl.render_terminal(report, paths))
    sys.exit(int(report["summary"]["exit_code"]))
