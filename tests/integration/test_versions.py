"""The version matrix: live servers of every supported major against the default scratch.

Runs only when `DRIFT_PG_VERSIONS` lists what to test, comma-separated: a major (its
binaries are fetched once by `scripts/fetch_pg.py` into `.cache/pg`) or the path of an
install dir holding `bin/postgres`. For example `DRIFT_PG_VERSIONS=12,13,15,17`. Each
live server is started for the module on a free loopback port and stopped after it.

For each live major, `tests/fixtures/versions/schema.sql` is loaded into a fresh
database and checked against itself materialised on the default scratch server
(PostgreSQL 18 from the wheel): the answer must be zero findings. Then the real
differences of `changes.sql` are applied and each must still be reported. A server
before 13 must be refused with one clear line and exit code 2.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from drift.check import run_check
from drift.inspect import read_catalog
from drift.inspect.reprint import major
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.scratch import embedded_url, with_database
from scripts.fetch_pg import fetch, running
from tests.integration.test_catalog_text import assert_spelled_as_the_server
from tests.systems import PSQL

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "versions"
ENTRIES = [e.strip() for e in os.environ.get("DRIFT_PG_VERSIONS", "").split(",") if e.strip()]

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not ENTRIES, reason="set DRIFT_PG_VERSIONS (e.g. 13,15,17)")]


def _install(entry: str) -> Path:
    return fetch(int(entry)) if entry.isdigit() else Path(entry)


def _major(install: Path) -> int:
    out = subprocess.run([str(install / "bin" / "postgres"), "--version"], capture_output=True,
                         text=True, check=True,
                         env={**os.environ, "LD_LIBRARY_PATH": str(install / "lib")}).stdout
    return int(out.split()[-1].split(".")[0])


INSTALLS = {entry: _install(entry) for entry in ENTRIES}
SUPPORTED = [e for e, path in INSTALLS.items() if _major(path) >= 13]
OLD = [e for e, path in INSTALLS.items() if _major(path) < 13]

# each real difference of changes.sql, as (code, table, object)
CHANGES = {
    ("DR132", "", "big_orders"),  # a view's WHERE
    ("DR132", "", "label"),  # a domain's CHECK
    ("DR106", "orders", "placed_at"),  # a default's time zone
    ("DR115", "products", "products_title_check"),  # a CHECK's constant
    ("DR123", "products", "products_family"),  # an expression index's argument
    ("DR123", "orders", "orders_recent_total"),  # an index's key column
    ("DR132", "order_lines", "order_lines_total"),  # a trigger's WHEN
    ("DR132", "", "order_total(integer)"),  # a function's body
}


@pytest.fixture(scope="module", params=SUPPORTED)
def live(request: pytest.FixtureRequest) -> Iterator[tuple[int, str]]:
    """(major, URL of its `postgres` database) of a live server started for the module."""
    install = INSTALLS[request.param]
    with running(install) as url:
        yield _major(install), url


def _fresh_db(server: str, *scripts: Path) -> str:
    """A new database on `server` with `scripts` applied; its URL."""
    name = f"drift_versions_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = with_database(server, name)
    with psycopg.connect(url, autocommit=True) as conn:
        for script in scripts:
            conn.execute(script.read_text(encoding="utf-8").encode())
    return url


def _drift(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drift", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300)


def test_catalog_is_read_on_every_major(live: tuple[int, str]) -> None:
    version, server = live
    url = _fresh_db(server, SOURCE / "schema.sql")
    with psycopg.connect(url) as conn:
        catalog = read_catalog(conn)
    assert major(catalog.server_version) == version
    assert sorted(name for _, name in catalog.tables) == [
        "bookings", "customers", "order_lines", "orders", "products"]
    kinds = sorted((k, s, n) for k, s, _, n in catalog.objects)
    assert ("view", "shop", "daily_sales") in kinds and ("enum", "shop", "order_status") in kinds
    assert ("function", "shop", "cancel_stale(integer)") in kinds  # keyed by argument types
    lines = catalog.tables[("shop", "order_lines")]
    assert {c.name for c in lines.constraints} >= {"order_lines_pkey", "qty_positive",
                                                    "order_lines_order_id_fkey"}


def test_identical_schema_has_no_findings(live: tuple[int, str], tmp_path: Path) -> None:
    """The whole CLI, data checks included, against the default scratch server."""
    _, server = live
    url = _fresh_db(server, SOURCE / "schema.sql")
    report = tmp_path / "report.json"
    run = _drift("check", "--expected", str(SOURCE), "--db", url, "--json", str(report), "-q")
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert findings == [], json.dumps(findings, indent=1)[:4000]
    assert run.returncode == 0, run.stdout + run.stderr


def test_real_differences_are_still_found(live: tuple[int, str]) -> None:
    _, server = live
    url = _fresh_db(server, SOURCE / "schema.sql", SOURCE / "changes.sql")
    result = run_check(SOURCE, url, data=False)
    found = {(f.code, f.table, f.object or "") for f in result.findings}
    assert found == CHANGES


@pytest.mark.skipif(not OLD, reason="no server before 13 in DRIFT_PG_VERSIONS")
@pytest.mark.parametrize("entry", OLD)
def test_server_before_13_is_one_clear_line(entry: str) -> None:
    install = INSTALLS[entry]
    with running(install) as server:
        run = _drift("check", "--expected", str(SOURCE), "--db", server)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 2, run.stdout + run.stderr
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert lines[0].endswith(f"PostgreSQL {_major(install)} is not supported (13 or newer)")


def _has_icu(url: str) -> bool:
    """Whether the server can make an ICU collation (tried, then rolled back)."""
    with psycopg.connect(url) as conn:
        try:
            conn.execute("CREATE COLLATION drift_icu_probe (provider = icu, locale = 'und')")
        except psycopg.errors.FeatureNotSupported:
            return False
        finally:
            conn.rollback()
        return True


@pytest.fixture(scope="module")
def icu_scratch() -> Iterator[str]:
    """A PostgreSQL 18 with ICU (the npm build), to pass as --scratch-url."""
    with running(INSTALLS["18"] if "18" in INSTALLS else fetch(18)) as url:
        yield url


def test_icu_collation(live: tuple[int, str], icu_scratch: str, tmp_path: Path) -> None:
    """An ICU collation: a clear line where the scratch server has no ICU; zero findings
    on a scratch server that has it."""
    _, server = live
    source = SOURCE / "icu"
    url = _fresh_db(server, source / "schema.sql")
    default = _drift("check", "--expected", str(source), "--db", url, "-q")
    if _has_icu(embedded_url()):  # the default scratch server
        assert default.returncode == 0, default.stdout + default.stderr
    else:
        lines = [line for line in default.stderr.splitlines() if line.strip()]
        assert default.returncode == 2 and len(lines) == 1, default.stderr
        assert "ICU is not supported" in lines[0] and "--scratch-url" in lines[0]
    report = tmp_path / "report.json"
    run = _drift("check", "--expected", str(source), "--db", url, "--scratch-url", icu_scratch,
                 "--json", str(report), "-q")
    assert json.loads(report.read_text(encoding="utf-8"))["findings"] == []
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("since", [14, 15])
def test_newer_features_have_no_findings(live: tuple[int, str], since: int) -> None:
    """What a major added reads and compares alike on every live major that has it."""
    version, server = live
    if version < since:
        pytest.skip(f"PostgreSQL {version} predates what since{since}/ uses")
    source = SOURCE / f"since{since}"
    url = _fresh_db(server, source / "schema.sql")
    result = run_check(source, url)
    assert [(f.code, f.table, f.object, f.message) for f in result.findings] == []


def test_plan_converges(live: tuple[int, str], tmp_path: Path) -> None:
    """The plan for changes.sql, applied with psql, leaves only what drift leaves to a
    human by design (a domain's changed CHECK: DR132 with no automatic change); on 13,
    which has no CREATE OR REPLACE TRIGGER, the changed trigger is dropped and created
    in one step. Applied a second time, the plan keeps every trigger's oid."""
    _, server = live
    url = _fresh_db(server, SOURCE / "schema.sql", SOURCE / "changes.sql")
    before = run_check(SOURCE, url, data=False)
    script = tmp_path / "plan.sql"
    script.write_text(render_sql(build_plan(before.findings, before.live)), encoding="utf-8")
    run = subprocess.run([str(PSQL), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), url],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    after = run_check(SOURCE, url, data=False)
    assert {(f.code, f.table, f.object) for f in after.findings} == {("DR132", "", "label")}
    triggers = "SELECT tgname, oid FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
    with psycopg.connect(url) as conn:
        first = conn.execute(triggers).fetchall()
    again = subprocess.run([str(PSQL), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), url],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute(triggers).fetchall() == first and first


def test_privileges_and_extension_versions_compare_alike(live: tuple[int, str],
                                                         tmp_path: Path) -> None:
    """With compare_privileges, an identical schema, grants, owner and pinned extension
    give no finding on any major (the public schema's ACL, which 15 changed, is not
    compared); a grant and an owner the live side lacks are found and planned."""
    _, server = live
    extra = ("CREATE EXTENSION hstore SCHEMA shop VERSION '1.4';\n"
             "DO $$ BEGIN CREATE ROLE drift_versions_app NOLOGIN; "
             "EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
             "GRANT USAGE ON SCHEMA shop TO drift_versions_app;\n"
             "GRANT SELECT ON shop.orders TO drift_versions_app;\n"
             "REVOKE EXECUTE ON FUNCTION shop.order_total(integer) FROM PUBLIC;\n"
             "ALTER TABLE shop.products OWNER TO drift_versions_app;\n")
    target = tmp_path / "target"
    target.mkdir()
    (target / "schema.sql").write_text((SOURCE / "schema.sql").read_text(encoding="utf-8")
                                       + extra, encoding="utf-8")
    (target / "drift.toml").write_text("[drift]\ncompare_privileges = true\n", encoding="utf-8")
    (tmp_path / "extra.sql").write_text(extra, encoding="utf-8")
    url = _fresh_db(server, SOURCE / "schema.sql", tmp_path / "extra.sql")
    assert [(f.code, f.message) for f in run_check(target, url, data=False).findings] == []
    url = _fresh_db(server, SOURCE / "schema.sql")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION hstore SCHEMA shop VERSION '1.4'")
    found = run_check(target, url, data=False).findings
    assert sorted((f.code, f.table, f.object or "") for f in found) == [
        ("DR137", "", "order_total(integer)"), ("DR137", "", "shop"),
        ("DR137", "orders", ""), ("DR138", "products", "")]
    assert all(f.operations for f in found)


def test_keys_and_indexes_are_spelled_as_the_server_does(live: tuple[int, str]) -> None:
    """The key, foreign key and plain index definitions the reader spells from the raw
    catalog are byte for byte pg_get_constraintdef's / pg_get_indexdef's on this major."""
    version, server = live
    name = f"drift_versions_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    assert_spelled_as_the_server(with_database(server, name), version)
