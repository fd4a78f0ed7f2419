"""`drift demo`: the NFT app's legacy database on an embedded PostgreSQL, checked.

It starts its own server, loads `legacy_nft.sql`, runs the check against
`expected_schema/nft_instances`, writes the reports and removes everything it made.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import click

from drift.errors import DriftInputError
from drift.scratch import embedded_url, scratch_database, stop_embedded

LEGACY_SQL = "legacy_nft.sql"


def legacy_sql_path() -> Path:
    return Path(str(resources.files("drift.demo").joinpath(LEGACY_SQL)))


def target_dir() -> Path:
    """The NFT target, from the source checkout this package is installed from."""
    here = Path(__file__).resolve().parents[2] / "expected_schema" / "nft_instances"
    for candidate in (Path.cwd() / "expected_schema" / "nft_instances", here):
        if (candidate / "schema.sql").is_file():
            return candidate
    raise DriftInputError("expected_schema/nft_instances not found: run `drift demo` from a "
                          "checkout of drift installed with `pip install -e .`")


def run_demo(out_dir: Path, run_and_report: Callable[..., int]) -> int:
    """`run_and_report` is the CLI's own check-and-report step, passed in so that the
    demo does not import the CLI that imports it."""
    from drift.sources.sql import apply_sql

    target = target_dir()
    click.echo("drift demo: starting an embedded PostgreSQL ...")
    server = embedded_url()
    try:
        with scratch_database(server, prefix="drift_demo_legacy") as url:
            apply_sql(url, legacy_sql_path())
            click.echo(f"drift demo: loaded the legacy NFT database; checking against {target}\n")
            code = run_and_report(target, url, scratch_url=server,
                                  json_path=out_dir / "demo.json",
                                  html_path=out_dir / "demo.html")
    finally:
        stop_embedded()
    return code
