"""`drift-alembic-check`: models.py against the Alembic head, with no database.

For a pre-commit hook (.pre-commit-hooks.yaml) or any local run: an empty database
is created on the embedded PostgreSQL (or --scratch-url), `alembic upgrade head` runs
on it (optionally on top of --base SQL, for histories that start from an existing
schema), and drift checks that database against --expected, schema only. It fails
when a model changed without a migration, or a migration without the model.

Exit codes as `drift check`: 0 clean, 1 drift, 2 bad input or a failed upgrade.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from drift.cli import OneLineUsage, _fail, run_and_report
from drift.errors import DriftInputError
from drift.options import ConnectionUrl, ExpectedPath, InputFile


def sqlalchemy_url(url: str) -> str:
    """The scratch URL as SQLAlchemy reads it with psycopg 3 (drift's own driver)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    return url


@contextlib.contextmanager
def _database_url_env(url: str) -> Iterator[None]:
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = before


def upgrade_head(alembic_ini: Path, url: str) -> None:
    """`alembic upgrade head` on `url`: given to env.py as both sqlalchemy.url and
    $DATABASE_URL, whichever it reads."""
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    target = sqlalchemy_url(url)
    config = Config(str(alembic_ini))
    config.set_main_option("sqlalchemy.url", target.replace("%", "%%"))
    try:
        with _database_url_env(target):
            command.upgrade(config, "head")
    except CommandError as exc:
        raise DriftInputError(f"{alembic_ini}: alembic upgrade head: {exc}") from exc
    except Exception as exc:  # a revision or env.py failed: the project's error, one line
        line = (str(exc).strip().splitlines() or [""])[0]
        raise DriftInputError(f"{alembic_ini}: alembic upgrade head failed: "
                              f"{type(exc).__name__}: {line}") from exc


def check_head(expected: Path, alembic_ini: Path, *, base: Path | None = None,
               scratch_url: str | None = None, fail_on: str = "must",
               quiet: bool = False) -> int:
    """Upgrade an empty scratch database to the head, check it; the exit code."""
    from drift.scratch import scratch_database
    from drift.sources.sql import apply_sql

    with scratch_database(scratch_url, prefix="drift_head") as url:
        if base is not None:
            apply_sql(url, base)
        upgrade_head(alembic_ini, url)
        return run_and_report(expected, url, scratch_url=scratch_url, fail_on=fail_on,
                              data=False, quiet=quiet)


@click.command(cls=OneLineUsage, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--expected", required=True, type=ExpectedPath(),
              help="models.py (or schema.sql, or a directory with drift.toml) to hold the "
                   "head to.")
@click.option("--alembic-ini", type=InputFile(), default=Path("alembic.ini"),
              show_default=True, help="The Alembic config whose head is checked.")
@click.option("--base", type=InputFile(),
              help="SQL applied before `alembic upgrade head`, when the first revision "
                   "expects an existing schema.")
@click.option("--scratch-url", metavar="URL", type=ConnectionUrl(),
              help="Server for the scratch databases (default: embedded).")
@click.option("--fail-on", type=click.Choice(["must", "should", "defer"]), default="defer",
              show_default=True, help="Lowest priority that fails (default: every difference).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary lines.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def main(expected: Path, alembic_ini: Path, base: Path | None, scratch_url: str | None,
         fail_on: str, quiet: bool, debug: bool, files: tuple[Path, ...]) -> None:
    """Check that the Alembic head matches the models, on the embedded PostgreSQL.

    FILES (what pre-commit passes) are ignored: the whole head is checked."""
    import traceback

    del files
    try:
        code = check_head(expected, alembic_ini, base=base, scratch_url=scratch_url,
                          fail_on=fail_on, quiet=quiet)
    except DriftInputError as exc:
        if debug:
            traceback.print_exc()
        _fail(str(exc))
    except Exception as exc:
        if debug:
            traceback.print_exc()
        line = (str(exc).strip().splitlines() or [""])[0]
        _fail(f"internal error: {type(exc).__name__}: {line} (rerun with --debug)")
    sys.exit(code)
