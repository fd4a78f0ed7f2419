"""A JSON snapshot is a third way to write a target, equivalent to SQL and to models.

For expected_schema/nft_instances and expected_schema/marketplace: `schema.sql` is
materialised in a database, `python -m drift snapshot` writes its catalog, and that
file is used as `--expected` against the target's legacy database. The findings must
be identical to those from `schema.sql` and from `models.py`; the snapshot must be
byte-stable and round-trip without loss; and it must never need a scratch server.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from drift.check import CheckResult, run_check
from drift.demo import legacy_sql_path
from drift.errors import DriftInputError
from drift.model import Catalog
from drift.report.json_report import finding_dict
from drift.scratch import scratch_database
from drift.sources import load_expected, load_snapshot
from drift.sources.sql import apply_sql

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "expected_schema"
LEGACY = {
    "nft_instances": legacy_sql_path(),
    "marketplace": ROOT / "tests" / "fixtures" / "marketplace" / "legacy.sql",
}
# Codes the legacy fixtures plant (their header comments derive them); pinned so that
# "identical" can never mean "identically empty".
PLANTED = {
    "nft_instances": {"DR104", "DR112", "DR113", "DR121", "DR201", "DR301", "DR302",
                      "DR401", "DR402", "DR403"},
    "marketplace": {"DR121", "DR131", "DR132", "DR134", "DR401", "DR404"},
}
# A scratch URL nothing answers: a snapshot source must never use it.
NO_SCRATCH = "postgresql://invalid@/nowhere?host=/nonexistent"


@dataclass(frozen=True)
class Case:
    name: str
    target: Path  # expected_schema/<name>
    source_url: str  # a database holding the target's schema.sql
    snapshot_dir: Path  # snapshot.json (+ the target's drift.toml, if it has one)
    first: bytes  # the snapshot, taken twice from the same database
    second: bytes
    fresh: bytes  # the snapshot of a second, independent materialisation
    live_url: str  # the legacy database

    @property
    def snapshot(self) -> Path:
        return self.snapshot_dir / "snapshot.json"


def take_snapshot(db_url: str, output: Path) -> bytes:
    proc = subprocess.run([sys.executable, "-m", "drift", "snapshot", "--db", db_url,
                           "-o", str(output)], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert proc.returncode == 0, f"drift snapshot failed:\n{proc.stdout}{proc.stderr}"
    return output.read_bytes()


@pytest.fixture(scope="module", params=sorted(LEGACY))
def case(request: pytest.FixtureRequest, pg_server: str,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    name: str = request.param
    target = EXPECTED / name
    tmp = tmp_path_factory.mktemp(f"snapshot_{name}")
    snapshot_dir = tmp / "expected"
    snapshot_dir.mkdir()
    if (target / "drift.toml").is_file():
        shutil.copy(target / "drift.toml", snapshot_dir / "drift.toml")
    with scratch_database(pg_server, prefix="drift_test") as source, \
            scratch_database(pg_server, prefix="drift_test") as again, \
            scratch_database(pg_server, prefix="drift_test") as live:
        apply_sql(source, target / "schema.sql")
        apply_sql(again, target / "schema.sql")
        apply_sql(live, LEGACY[name])
        first = take_snapshot(source, snapshot_dir / "snapshot.json")
        second = take_snapshot(source, tmp / "second.json")
        fresh = take_snapshot(again, tmp / "fresh.json")
        yield Case(name=name, target=target, source_url=source, snapshot_dir=snapshot_dir,
                   first=first, second=second, fresh=fresh, live_url=live)


def _findings(result: CheckResult) -> list[dict[str, Any]]:
    """Every finding as the JSON report writes it: code, priority, schema, table, object,
    columns, message, evidence (counts and samples) and fix."""
    return [finding_dict(f) for f in result.findings]


def _diff(left: Any, right: Any, a: str, b: str) -> str:
    x = json.dumps(left, indent=2, sort_keys=True, default=str).splitlines()
    y = json.dumps(right, indent=2, sort_keys=True, default=str).splitlines()
    return "\n".join(difflib.unified_diff(x, y, a, b, lineterm=""))


def _headline(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    counts = ("duplicate_groups", "duplicate_rows", "null_rows", "orphan_rows", "violating_rows")
    return [(f["code"], f["priority"], f["schema"], f["table"], f["object"],
             tuple(f["columns"]),
             tuple((k, f["evidence"][k]) for k in counts if k in f["evidence"]))
            for f in findings]


def test_snapshot_is_byte_stable(case: Case) -> None:
    assert case.first == case.second, "two snapshots of one database differ"
    assert case.first == case.fresh, (
        "snapshots of two materialisations of one schema.sql differ:\n"
        + _diff(json.loads(case.first), json.loads(case.fresh), "first", "fresh"))
    text = case.first.decode("utf-8")
    # Canonical: exactly what the loaded catalog writes back, key order included.
    catalog = load_snapshot(case.snapshot)
    assert text == json.dumps(catalog.to_dict(), indent=2) + "\n"
    assert list(json.loads(text)) == ["format", "format_version", "server_version", "schemas",
                                      "tables", "objects"]


def test_snapshot_read_a_table_at_a_time_is_the_whole_parse(case: Case) -> None:
    """`drift snapshot`'s file is read a table at a time (drift.sources.snapshot), into
    the very catalog the whole parse gives; its repeated names are kept once, as the
    live reader keeps them, so the two catalogs of a check share them."""
    from drift.db import read_only_snapshot
    from drift.inspect import read_catalog
    from drift.sources import snapshot

    streamed = snapshot._streamed(case.snapshot)
    assert streamed is not None and streamed.tables
    assert streamed == snapshot._whole(case.snapshot)
    with read_only_snapshot(case.source_url) as conn:
        live = read_catalog(conn)
    assert live == streamed
    for key, table in streamed.tables.items():
        twin = live.tables[key]
        assert table.schema is twin.schema and table.name is twin.name
        for column, other in zip(table.columns, twin.columns, strict=True):
            assert column.name is other.name and column.type is other.type


def test_snapshot_round_trip_loses_nothing(case: Case, pg_server: str) -> None:
    """The snapshot reads back as the very catalog that schema.sql and models.py give."""
    from_snapshot = load_snapshot(case.snapshot).to_dict()
    for source in ("schema.sql", "models.py"):
        catalog: Catalog = load_expected(case.target / source, pg_server).catalog
        expected = catalog.to_dict()
        assert from_snapshot == expected, (
            f"snapshot.json and {source} differ:\n"
            + _diff(expected, from_snapshot, source, "snapshot.json"))
    assert from_snapshot["tables"]
    if case.name == "marketplace":  # extensions, enum, domains, functions, view, triggers
        assert len(from_snapshot["objects"]) == 10


def test_snapshot_gives_the_findings_of_sql_and_models(case: Case, pg_server: str) -> None:
    results = {
        "schema.sql": run_check(case.target / "schema.sql", case.live_url, scratch_url=pg_server),
        "models.py": run_check(case.target / "models.py", case.live_url, scratch_url=pg_server),
        "snapshot dir": run_check(case.snapshot_dir, case.live_url, scratch_url=NO_SCRATCH),
        "snapshot.json": run_check(case.snapshot, case.live_url, scratch_url=NO_SCRATCH),
    }
    assert results["snapshot dir"].expected.source == case.snapshot
    # The copied drift.toml is the one applied, and it says what the target's says.
    copied = case.snapshot_dir / "drift.toml"
    for label in ("snapshot dir", "snapshot.json"):
        spec = results[label].spec
        if copied.is_file():
            assert spec.source == str(copied)
        assert replace(spec, source="") == replace(results["schema.sql"].spec, source="")

    reference = _findings(results["schema.sql"])
    assert PLANTED[case.name] <= {f["code"] for f in reference}
    for label, result in results.items():
        findings = _findings(result)
        assert _headline(findings) == _headline(reference), (
            f"{label}: findings differ from schema.sql's:\n"
            + _diff(_headline(reference), _headline(findings), "schema.sql", label))
        assert findings == reference, (
            f"{label}: findings differ from schema.sql's:\n"
            + _diff(reference, findings, "schema.sql", label))


def test_snapshot_needs_no_scratch_server(case: Case, pg_server: str,
                                          tmp_path: Path) -> None:
    # The scratch URL really is unusable: a source that needs it fails on it.
    with pytest.raises(DriftInputError, match="cannot connect"):
        load_expected(case.target / "schema.sql", NO_SCRATCH)

    result = run_check(case.snapshot_dir, case.live_url, scratch_url=NO_SCRATCH)
    reference = run_check(case.target / "schema.sql", case.live_url, scratch_url=pg_server)
    assert _findings(result) == _findings(reference)

    # And from the command line, as a user would run it.
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "drift", "check", "--expected",
                           str(case.snapshot_dir), "--db", case.live_url, "--scratch-url",
                           NO_SCRATCH, "--json", str(report), "-q"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 3, f"exit {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    written = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert written == json.loads(json.dumps(_findings(reference), default=str))
