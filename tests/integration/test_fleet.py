"""`drift check --targets fleet.toml` on 50 real databases of one server, three of them
drifted in different ways; `--shard i/3` and `drift merge-reports`."""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import psycopg
import pytest
from click.testing import CliRunner, Result

from drift.cli import main
from drift.fleet import fleet_schema, select_shard
from drift.scratch import with_database
from drift.sources.sql import apply_sql

pytestmark = pytest.mark.integration

SCHEMA = """
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    name text NOT NULL,
    nickname text
);
CREATE TABLE products (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    sku text NOT NULL,
    price numeric NOT NULL,
    CONSTRAINT products_sku_key UNIQUE (sku)
);
CREATE INDEX products_account_id_idx ON products (account_id);
"""
DATA = """
INSERT INTO accounts SELECT i, 'user' || i || '@example.com', 'user ' || i, 'u' || i
  FROM generate_series(1, 20) i;
INSERT INTO products SELECT i, 1 + i % 20, 'sku-' || i, i * 1.5 FROM generate_series(1, 200) i;
"""
# The three drifted databases, each in its own way.
DRIFT = {
    7: "DROP INDEX products_account_id_idx",  # a missing index
    19: """ALTER TABLE products DROP CONSTRAINT products_sku_key;
           ALTER TABLE products ADD CONSTRAINT products_account_id_sku_key
               UNIQUE (account_id, sku);
           INSERT INTO products VALUES (1001, 5, 'sku-1', 1), (1002, 6, 'sku-1', 1),
                                       (1003, 7, 'sku-2', 1)""",  # legacy unique + dups
    33: "ALTER TABLE accounts DROP COLUMN nickname",  # a missing column
}
EXPECTED_COUNTS = {
    "tenant-07": {"DR122": 1},
    "tenant-19": {"DR112": 1, "DR201": 1, "DR401": 1},
    "tenant-33": {"DR102": 1},
}
N = 50
VALIDATOR = jsonschema.Draft202012Validator(fleet_schema())


def _admin(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def fleet(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """50 databases made from one template database, and a fleet.toml naming them."""
    root = tmp_path_factory.mktemp("fleet")
    expected = root / "expected"
    expected.mkdir()
    (expected / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    prefix = f"drift_fleet_{uuid.uuid4().hex[:8]}"
    template = f"{prefix}_template"
    names = [f"{prefix}_{i:02d}" for i in range(1, N + 1)]
    created: list[str] = []
    try:
        _admin(pg_server, f"CREATE DATABASE {template}")
        created.append(template)
        (root / "data.sql").write_text(SCHEMA + DATA, encoding="utf-8")
        apply_sql(with_database(pg_server, template), root / "data.sql")
        for name in names:
            _admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {template}")
            created.append(name)
        for i, sql in DRIFT.items():
            with psycopg.connect(with_database(pg_server, names[i - 1]),
                                 autocommit=True) as conn:
                for statement in sql.split(";"):
                    conn.execute(statement)
        lines = []
        env = {}
        for i, name in enumerate(names, start=1):
            url = with_database(pg_server, name)
            lines.append(f'[[targets]]\nname = "tenant-{i:02d}"')
            if i % 2:  # half of them from the environment, as secrets should be
                env[f"FLEET_TEST_URL_{i}"] = url
                lines.append(f'url_env = "FLEET_TEST_URL_{i}"\n')
            else:
                lines.append(f'url = "{url}"\n')
        toml = root / "fleet.toml"
        toml.write_text('[fleet]\nname = "tenants"\n\n' + "\n".join(lines), encoding="utf-8")
        yield {"root": root, "expected": expected, "toml": toml, "env": env}
    finally:
        for name in reversed(created):
            _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(fleet: dict[str, Any], pg_server: str, monkeypatch: pytest.MonkeyPatch,
        *args: str) -> Result:
    for key, value in fleet["env"].items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return CliRunner().invoke(main, ["check", "--expected", str(fleet["expected"]),
                                     "--targets", str(fleet["toml"]), "--scratch-url",
                                     pg_server, "-q", *args])


def _without_links(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "report"} for row in report["matrix"]]


def test_fleet_matrix_shards_and_merge(fleet: dict[str, Any], pg_server: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = fleet["root"] / "all"
    result = run(fleet, pg_server, monkeypatch, "--jobs", "4", "--out-dir", str(out))
    assert result.exit_code == 3, result.output  # the worst of the fleet: data blockers
    assert ("fleet: 50 databases: 47 clean, 2 drift, 1 with data blockers, 0 not checked "
            "-> exit 3") in result.output
    assert "tenant-19  blocked" in result.output and "tenant-01 " not in result.output
    report = json.loads((out / "fleet.json").read_text())
    assert list(VALIDATOR.iter_errors(report)) == []
    matrix = report["matrix"]
    assert len(matrix) == N
    drifted = {r["name"]: r["counts"] for r in matrix if r["status"] != "clean"}
    assert drifted == EXPECTED_COUNTS
    # worst first: data blockers, then drift that fails the run (a missing column is
    # `must`), then drift below --fail-on (a missing index is `should`: exit 0)
    assert [(r["name"], r["status"], r["exit_code"]) for r in matrix[:3]] == [
        ("tenant-19", "blocked", 3), ("tenant-33", "drift", 1), ("tenant-07", "drift", 0)]
    assert {r["status"] for r in matrix[3:]} == {"clean"}
    assert all(r["total"] == 0 and r["counts"] == {} for r in matrix[3:])
    assert report["summary"] == {"targets": 50, "clean": 47, "drift": 2, "blocked": 1,
                                 "error": 0, "exit_code": 3}
    assert report["codes"] == ["DR102", "DR112", "DR122", "DR201", "DR401"]
    assert report["totals"]["DR401"] == {"databases": 1, "findings": 1}
    # one report per database, and each says what the matrix says
    for row in matrix:
        per_db = json.loads((out / row["report"]["json"]).read_text())
        assert (out / row["report"]["html"]).is_file()
        assert per_db["summary"]["total"] == row["total"]
        assert sorted(f["code"] for f in per_db["findings"]) == sorted(
            code for code, n in row["counts"].items() for _ in range(n))
    dups = json.loads((out / "targets" / "tenant-19.json").read_text())
    blocker = next(f for f in dups["findings"] if f["code"] == "DR401")
    assert blocker["evidence"]["duplicate_groups"] == 2
    # the HTML holds the matrix: a row per database, a column per code, the counts
    html = (out / "fleet.html").read_text()
    assert 'id="matrix"' in html
    for code in report["codes"]:
        assert f">{code}</th>" in html
    for i in range(1, N + 1):
        assert f"<td>tenant-{i:02d}</td>" in html
    assert html.index("<td>tenant-19</td>") < html.index("<td>tenant-01</td>")

    # three shards cover every target exactly once, and their merge is the matrix
    shard_reports = []
    for i in (1, 2, 3):
        shard_out = fleet["root"] / f"shard{i}"
        res = run(fleet, pg_server, monkeypatch, "--shard", f"{i}/3", "--jobs", "2",
                  "--out-dir", str(shard_out))
        shard = json.loads((shard_out / "fleet.json").read_text())
        assert shard["shards"] == [{"index": i, "count": 3}]
        assert res.exit_code == shard["summary"]["exit_code"], res.output
        shard_reports.append(shard_out / "fleet.json")
    names = [r["name"] for p in shard_reports for r in json.loads(p.read_text())["matrix"]]
    assert sorted(names) == sorted(r["name"] for r in matrix) and len(set(names)) == N
    assert all(json.loads(p.read_text())["matrix"] for p in shard_reports)  # none empty
    merged_path = fleet["root"] / "merged" / "fleet.json"
    merged_run = CliRunner().invoke(main, ["merge-reports", *map(str, shard_reports),
                                           "-o", str(merged_path), "--html",
                                           str(merged_path.with_suffix(".html"))])
    assert merged_run.exit_code == 3, merged_run.output
    merged = json.loads(merged_path.read_text())
    assert list(VALIDATOR.iter_errors(merged)) == []
    assert _without_links(merged) == _without_links(report)
    for key in ("summary", "codes", "totals", "expected", "fail_on"):
        assert merged[key] == report[key], key
    assert merged["shards"] == []  # complete
    for row in merged["matrix"]:  # links point at the shards' per-database reports
        assert (merged_path.parent / row["report"]["json"]).is_file()
    assert "<td>tenant-33</td>" in merged_path.with_suffix(".html").read_text()
    # a shard left out is refused, not merged into a smaller matrix
    partial = CliRunner().invoke(main, ["merge-reports", *map(str, shard_reports[:2]),
                                        "-o", str(fleet["root"] / "partial.json")])
    assert partial.exit_code == 2
    assert "shard 3/3 is missing" in partial.output


def test_unreachable_target_is_an_error_row(fleet: dict[str, Any], pg_server: str,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreachable database is a row (exit 2 for the fleet), never a crash, and its
    password appears nowhere."""
    secret = "Sup3rSecretPw"
    toml = tmp_path / "fleet.toml"
    monkeypatch.setenv("FLEET_ONE", fleet["env"]["FLEET_TEST_URL_1"])
    toml.write_text(f'[[targets]]\nname = "ok"\nurl_env = "FLEET_ONE"\n\n'
                    f'[[targets]]\nname = "gone"\n'
                    f'url = "postgresql://drift:{secret}@127.0.0.1:1/nowhere"\n',
                    encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", "--expected", str(fleet["expected"]),
                                       "--targets", str(toml), "--scratch-url", pg_server,
                                       "--out-dir", str(out)])
    assert result.exit_code == 2, result.output
    report = json.loads((out / "fleet.json").read_text())
    gone, ok = report["matrix"]
    assert gone["name"] == "gone" and gone["status"] == "error" and gone["report"] is None
    assert "cannot connect" in gone["error"]
    assert gone["target"]["url"] == "postgresql://drift:***@127.0.0.1:1/nowhere"
    assert ok["status"] == "clean" and report["summary"]["error"] == 1
    assert (out / "targets" / "ok.json").is_file()
    assert not (out / "targets" / "gone.json").exists()
    for text in (result.output, (out / "fleet.json").read_text(),
                 (out / "fleet.html").read_text()):
        assert secret not in text
        assert "gone" in text


def test_several_db_options_are_a_fleet(fleet: dict[str, Any], pg_server: str,
                                        tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Several --db: the expected schema is materialised once for all of them, and with
    --jobs 2 the two databases are checked at the same time."""
    import drift.check
    import drift.sources

    scratches: list[str | None] = []
    real_scratch = drift.sources.scratch_database

    @contextlib.contextmanager
    def counted_scratch(url: str | None = None) -> Iterator[str]:
        scratches.append(url)
        with real_scratch(url) as made:
            yield made

    both_in_flight = threading.Barrier(2, timeout=300)  # broken if checked one by one
    real_check = drift.check.check_against

    def check_meeting(*args: Any, **kwargs: Any) -> Any:
        both_in_flight.wait()
        return real_check(*args, **kwargs)

    monkeypatch.setattr(drift.sources, "scratch_database", counted_scratch)
    monkeypatch.setattr(drift.check, "check_against", check_meeting)
    urls = [fleet["env"]["FLEET_TEST_URL_9"], fleet["env"]["FLEET_TEST_URL_33"]]
    result = CliRunner().invoke(main, ["check", "--expected", str(fleet["expected"]),
                                       "--db", urls[0], "--db", urls[1], "--scratch-url",
                                       pg_server, "--out-dir", str(tmp_path), "-q",
                                       "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert scratches == [pg_server]  # one materialisation for the two databases
    report = json.loads((tmp_path / "fleet.json").read_text())
    assert [r["status"] for r in report["matrix"]] == ["drift", "clean"]
    assert report["matrix"][0]["counts"] == {"DR102": 1}
    assert report["matrix"][0]["name"].endswith("_33")  # named after its database
    assert report["matrix"][1]["name"].endswith("_09")


def _sessions_opened(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Read-only audit sessions opened, by database: a counter on drift's session
    factory (`db._snapshot_session`, which both `read_only_snapshot` and
    `same_snapshot` open through), each a real connection to the real server."""
    import drift.db

    opened: Counter[str] = Counter()
    lock = threading.Lock()
    real = drift.db._snapshot_session

    @contextlib.contextmanager
    def counted(url: str, **kwargs: Any) -> Iterator[psycopg.Connection]:
        with real(url, **kwargs) as conn:
            with lock:
                opened[conn.info.dbname] += 1
            yield conn

    monkeypatch.setattr(drift.db, "_snapshot_session", counted)
    return opened


@pytest.mark.parametrize("targets", [1, 4])
def test_a_fleet_keeps_to_jobs_connections(fleet: dict[str, Any], pg_server: str,
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           targets: int) -> None:
    """--jobs 4: four databases checked at once open one session each (their catalog
    reads use no helper sessions: 4 connections to the server, not 12); one database
    alone reads its catalog on the sessions the budget leaves (1 + HELPERS)."""
    from drift.fleet import catalog_helpers
    from drift.inspect.reader import HELPERS

    opened = _sessions_opened(monkeypatch)
    urls = [fleet["env"][f"FLEET_TEST_URL_{i}"] for i in (1, 3, 5, 7)[:targets]]
    args = [a for url in urls for a in ("--db", url)]
    if targets == 1:  # one --db is not a fleet: a fleet.toml of one target
        toml = tmp_path / "one.toml"
        toml.write_text(f'[[targets]]\nname = "one"\nurl = "{urls[0]}"\n', encoding="utf-8")
        args = ["--targets", str(toml)]
    result = CliRunner().invoke(main, ["check", "--expected", str(fleet["expected"]),
                                       *args, "--scratch-url", pg_server, "--out-dir",
                                       str(tmp_path / "out"), "-q", "--jobs", "4"])
    assert result.exit_code in (0, 1), result.output
    names = {psycopg.conninfo.conninfo_to_dict(url)["dbname"] for url in urls}
    per_database = 1 + catalog_helpers(4, targets)
    assert per_database == (1 if targets == 4 else 1 + min(HELPERS, 3))
    assert {name: opened[name] for name in names} == dict.fromkeys(names, per_database)
    assert sum(opened[name] for name in names) <= max(4, per_database)


def test_catalog_helpers_share_the_jobs_budget() -> None:
    from drift.fleet import catalog_helpers
    from drift.inspect.reader import HELPERS

    assert catalog_helpers(4, 50) == 0 and catalog_helpers(4, 4) == 0
    assert catalog_helpers(1, 1) == 0 and catalog_helpers(1, 50) == 0
    assert catalog_helpers(4, 2) == min(HELPERS, 1)
    assert catalog_helpers(4, 1) == min(HELPERS, 3)
    assert catalog_helpers(64, 1) == HELPERS  # never more than the reader uses alone
    for jobs in range(1, 9):
        for targets in range(1, 12):
            at_once = min(jobs, targets)
            assert at_once * (1 + catalog_helpers(jobs, targets)) <= jobs


def test_shards_are_stable_by_name() -> None:
    from drift.fleet import Target

    targets = [Target(f"t{i}", "postgresql://h/db") for i in range(100)]
    shares = [select_shard(targets, i, 4) for i in (1, 2, 3, 4)]
    assert sorted(t.name for s in shares for t in s) == sorted(t.name for t in targets)
    assert all(shares)
    # the share of a target does not depend on its position or on the other targets
    again = [select_shard(list(reversed(targets[:50])), i, 4) for i in (1, 2, 3, 4)]
    for share, other in zip(shares, again, strict=True):
        assert {t.name for t in other} == {t.name for t in share if int(t.name[1:]) < 50}
