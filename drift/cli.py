"""The `drift` command line.

Exit codes: 0 no finding at or above --fail-on; 1 drift; 3 drift with a data
blocker; 2 bad input, unreachable database or internal error (one line, no
traceback unless --debug).
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from drift import __version__
from drift.errors import DriftInputError

F = TypeVar("F", bound=Callable[..., Any])
PRIORITIES = click.Choice(["must", "should", "defer"])
PHASES = click.Choice(["expand", "backfill", "switch", "rename", "cleanup"])


def _fail(message: str) -> None:
    click.echo(f"drift: error: {message}", err=True)
    sys.exit(2)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drift")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """drift: PostgreSQL schema drift, data blockers and safe migrations."""
    ctx.obj = {"debug": debug}


def _db_option(func: F) -> F:
    return click.option("--db", "db", envvar="DATABASE_URL", metavar="URL",
                        help="Target database (default: $DATABASE_URL).")(func)


def _common(func: F) -> F:
    func = click.option("--expected", required=True, type=click.Path(path_type=Path),
                        help="Directory with schema.sql|models.py|snapshot.json "
                             "(+ drift.toml), or one file.")(func)
    func = _db_option(func)
    func = click.option("--scratch-url", metavar="URL",
                        help="Server for materialising the target (default: embedded).")(func)
    func = click.option("--schema", "schemas", multiple=True,
                        help="Compare only this schema (repeatable).")(func)
    return func


def _require_db(db: str | None) -> str:
    if not db:
        raise DriftInputError("no target database: pass --db URL or set DATABASE_URL")
    return db


@main.command()
@_common
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write the JSON report.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Write the HTML report.")
@click.option("--fail-on", type=PRIORITIES, default="must", show_default=True,
              help="Lowest priority that fails the run.")
@click.option("--no-samples", is_flag=True, help="Leave sample key values out of reports.")
@click.option("--no-data", is_flag=True, help="Skip the data checks (schema only).")
@click.option("--statement-timeout", metavar="DURATION", help="e.g. 30s, for every query.")
@click.option("--priority", type=PRIORITIES, default="defer", show_default=True,
              help="Report only findings at or above this priority.")
@click.option("--phase", type=PHASES, help="Report only findings fixed in this phase.")
@click.option("--matrix", "show_matrix", is_flag=True,
              help="Print the priority matrix: every target table's state and gaps.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary lines.")
@handled
def check(expected: Path, db: str | None, scratch_url: str | None, schemas: tuple[str, ...],
          json_path: Path | None, html_path: Path | None, fail_on: str, no_samples: bool,
          no_data: bool, statement_timeout: str | None, priority: str, phase: str | None,
          show_matrix: bool, quiet: bool) -> None:
    """Compare a live database with the expected schema; read-only."""
    code = run_and_report(expected, _require_db(db), scratch_url=scratch_url,
                          schemas=schemas or None, json_path=json_path, html_path=html_path,
                          fail_on=fail_on, samples=not no_samples, data=not no_data,
                          statement_timeout=statement_timeout, quiet=quiet,
                          priority=priority, phase=phase, show_matrix=show_matrix)
    sys.exit(code)


def run_and_report(expected: Path, db: str, *, scratch_url: str | None = None,
                   schemas: tuple[str, ...] | None = None, json_path: Path | None = None,
                   html_path: Path | None = None, fail_on: str = "must", samples: bool = True,
                   data: bool = True, statement_timeout: str | None = None,
                   quiet: bool = False, priority: str = "defer", phase: str | None = None,
                   show_matrix: bool = False) -> int:
    from drift.check import run_check, select
    from drift.report import json_report, terminal
    from drift.report.matrix import render_matrix
    from drift.spec import Priority

    result = run_check(expected, db, scratch_url=scratch_url, schemas=schemas, samples=samples,
                       data=data, statement_timeout=statement_timeout)
    result.findings = select(result.findings, Priority(priority), phase)
    report = json_report.build(result, Priority(fail_on), samples=samples)
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
    click.echo(terminal.render(report, paths, verbose=not quiet))
    return int(report["summary"]["exit_code"])


@main.command()
@_common
@click.option("--sql", "sql_path", type=click.Path(path_type=Path), help="Write a psql script.")
@click.option("--alembic", "alembic_dir", type=click.Path(path_type=Path),
              help="Write Alembic revisions (an environment is created if absent).")
@click.option("--priority", type=PRIORITIES, default="defer", show_default=True,
              help="Plan only changes at or above this priority.")
@click.option("--phase", type=PHASES, help="Plan only the steps of this phase.")
@handled
def plan(expected: Path, db: str | None, scratch_url: str | None, schemas: tuple[str, ...],
         sql_path: Path | None, alembic_dir: Path | None, priority: str,
         phase: str | None) -> None:
    """Write the migration that closes the gap, in the safe order."""
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
@click.option("--alembic", "alembic_dir", type=click.Path(path_type=Path),
              help="Alembic environment whose revisions to prove.")
@click.option("--sql", "sql_file", type=click.Path(path_type=Path), help="SQL plan to prove.")
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
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--schema", "schemas", multiple=True)
@handled
def snapshot(db: str | None, output: Path, schemas: tuple[str, ...]) -> None:
    """Write the canonical model of a database as JSON (usable as --expected)."""
    from drift.db import read_only_snapshot
    from drift.inspect import read_catalog

    with read_only_snapshot(_require_db(db)) as conn:
        catalog = read_catalog(conn, schemas or None)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(catalog.to_dict(), indent=2) + "\n", encoding="utf-8")
    click.echo(f"snapshot: {len(catalog.tables)} tables -> {output}")


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("reports"),
              show_default=True, help="Where demo.json and demo.html go.")
@handled
def demo(out_dir: Path) -> None:
    """Check a realistic legacy NFT database (memo 000) on an embedded PostgreSQL."""
    from drift.demo import run_demo

    run_demo(out_dir, run_and_report)
