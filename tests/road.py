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


def rows(url: str) -> list[str]:
    """Every row, as a sorted multiset of lines (a rewritten row may move on disk)."""
    return sorted(data_dump(url).splitlines())


def walk(target: Path, url: str, server: str, *, priority: Priority = Priority.DEFER,
         ) -> list[tuple[str, int]]:
    """Every phase alone, in order, each planned from the live state it finds:
    applied, rerun (a no-op), replanned (nothing more to do: applying it changes
    nothing), then `drift check` (every finding evaluated, no blocker). Returns the
    operations each phase had."""
    done = []
    for phase in PHASES:
        the_plan, text = plan(target, url, server, priority=priority, phase=phase)
        assert all(op.phase.label == phase for op in the_plan.operations)
        apply(url, text)
        schema, data = schema_dump(url), rows(url)
        apply(url, text)
        assert (schema_dump(url), rows(url)) == (schema, data), f"{phase}: rerun changed it"
        _, again = plan(target, url, server, priority=priority, phase=phase)
        apply(url, again)
        assert (schema_dump(url), rows(url)) == (schema, data), f"{phase}: replan did more"
        findings = check(target, url, server).findings
        # NULLs a declared backfill will fill are no blocker before the backfill phase
        assert not [f.message for f in findings if f.is_blocker
                    and f.priority.rank >= priority.rank and not (
            phase == "expand" and f.evidence.get("backfill_declared"))], (phase, [
                f.message for f in findings if f.is_blocker and f.priority.rank >= priority.rank])
        assert not [f.message for f in findings if f.code == "DR502"], phase
        done.append((phase, len(the_plan.operations)))
    return done


def row_total(url: str) -> dict[str, int]:
    """Rows per table, by table oid order-free name (renamed tables keep their rows)."""
    import psycopg

    renamed = {"public.users": "public.app_users",
               "public.run_job_candidates": "public.run_candidates",
               "public.nfts": "public.nft_definitions",
               "public.user_nft_ownership": "public.nft_instances"}
    with psycopg.connect(url) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT format('%s.%s', schemaname, relname) FROM pg_stat_user_tables")]
        return {renamed.get(t, t): int(conn.execute(  # type: ignore[index]
            f"SELECT count(*) FROM {t}").fetchone()[0]) for t in names}


def scalar(url: str, sql: str) -> object:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(sql).fetchone()
        return row[0] if row else None
