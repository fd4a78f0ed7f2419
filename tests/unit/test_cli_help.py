"""Every option of the commands a newcomer meets first says what it does."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from drift.cli import main


@pytest.mark.parametrize("command", ["check", "plan", "verify", "snapshot", "demo"])
def test_every_option_has_help(command: str) -> None:
    cmd = main.commands[command]
    undocumented = [p.name for p in cmd.params
                    if isinstance(p, click.Option) and not p.help]
    assert undocumented == []


def test_plan_help_says_it_prints_to_stdout_without_sql() -> None:
    run = CliRunner().invoke(main, ["plan", "--help"], terminal_width=200)
    assert run.exit_code == 0
    assert "Without --sql or --alembic it is printed to stdout." in run.output


def test_snapshot_help_describes_output_and_schema() -> None:
    run = CliRunner().invoke(main, ["snapshot", "--help"], terminal_width=200)
    assert run.exit_code == 0
    assert "-o, --output FILE  Write the snapshot (JSON) to this file." in run.output
    assert "Snapshot only this schema" in run.output
