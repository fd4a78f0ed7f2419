"""What the road tests share: plan one phase at a time, run it with psql, and compare
the whole schema (pg_dump -s) and every row (pg_dump -a) before and after."""

from __future__ import annotations

import subprocess
from pathlib import Path

from drift.check import CheckResult, run_check
from drift.plan import Plan, build_plan
from drift.render.sql import render_sql
from drift.spec import Priority
from drift.verify import _bin

PHASES = ("expand", "backfill", "switch", "rename", "cleanup")


def _dump(url: str, *options: str) -> str:
    run = subprocess.run([_bin("pg_dump"), *options, "--no-owner", "--no-privileges", url],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    # pg_dump >= 17.6 writes a random \restrict key on each run: not part of the schema
    return "\n".join(line for line in run.stdout.splitlines()
                     if not line.startswith(("\\restrict", "\\unrestrict")))


def schema_dump(url: str) -> str:
    return _dump(url, "--schema-only")


def data_dump(url: str) -> str:
    return _dump(url, "--data-only")


def plan(target: Path, url: str, server: str, *, priority: Priority = Priority.DEFER,
         phase: str | None = None) -> tuple[Plan, str]:
    result = run_check(target, url, scratch_url=server, data=False)
    the_plan = build_plan(result.findings, result.live, priority, phase=phase)
    return the_plan, render_sql(the_plan)


def psql(url: str, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_bin("psql"), "-v", "ON_ERROR_STOP=1", "-q", "-X", "-d", url],
                          input=text, capture_output=True, text=True, check=False)


def apply(url: str, text: str) -> None:
    run = psql(url, text)
    assert run.returncode == 0, run.stderr


def check(target: Path, url: str, server: str) -> CheckResult:
    return run_check(target, url, scratch_url=server)
