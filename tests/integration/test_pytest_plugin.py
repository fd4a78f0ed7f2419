"""The pytest plugin (drift.pytest_plugin), run through pytester against a real PostgreSQL."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import psycopg
import pytest
import sqlalchemy

from drift.demo import legacy_sql_path
from drift.errors import DriftInputError
from drift.pytest_plugin import assert_no_drift, database_url
from drift.sources.sql import apply_sql

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "expected_schema" / "nft_instances"
FINDING = re.compile(r"^  (must|should|defer) +DR\d{3} [^ ]+: \S.*$")
SAMPLE = re.compile(r"^           sample: \w+=.+$")
MORE = re.compile(r"^           \.\.\. \d+ more samples in the report$")


@pytest.fixture
def clean_db(new_db: str) -> str:
    """A database built from the expected schema.sql itself."""
    apply_sql(new_db, EXPECTED / "schema.sql")
    return new_db


@pytest.fixture
def legacy_db(new_db: str) -> str:
    """The NFT app's legacy database: drift and data blockers, as planted."""
    apply_sql(new_db, legacy_sql_path())
    return new_db


def test_entry_point_registers_the_plugin() -> None:
    from importlib.metadata import entry_points

    found = [e for e in entry_points(group="pytest11") if e.name == "drift"]
    assert [e.value for e in found] == ["drift.pytest_plugin"]


def test_clean_database_passes_through_pytester(pytester: pytest.Pytester,
                                                clean_db: str) -> None:
    pytester.makepyfile(test_schema=f"""
        from drift.pytest_plugin import assert_no_drift

        def test_function():
            report = assert_no_drift({str(EXPECTED)!r}, {clean_db!r})
            assert report.ok and report.failing == []

        def test_fixture(drift_check):
            report = drift_check({clean_db!r}, expected={str(EXPECTED)!r}, fail_on="defer")
            assert report.report["summary"]["exit_code"] == 0
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_drifted_database_fails_with_a_readable_message(pytester: pytest.Pytester,
                                                        legacy_db: str) -> None:
    pytester.makepyfile(test_schema=f"""
        from drift.pytest_plugin import assert_no_drift

        def test_legacy():
            assert_no_drift({str(EXPECTED)!r}, {legacy_db!r})
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    out = result.stdout.lines
    # pytest prefixes the AssertionError's lines with "E" and an indent
    e_lines = [line for line in out if line.startswith("E ")]
    cut = e_lines[0].index("AssertionError: ")
    message = [line[cut:] for line in e_lines]
    head = re.match(r"^AssertionError: drift: (\d+) findings at or above must, "
                    r"(\d+) data blockers$", message[0])
    assert head, message[0]
    total, blockers = int(head.group(1)), int(head.group(2))
    assert blockers >= 1 and total > blockers
    assert message[1] == f"  database: {legacy_db}"
    assert message[2] == f"  expected: {EXPECTED / 'schema.sql'}"
    body = message[3:]
    findings = [line for line in body if FINDING.match(line)]
    samples = [line for line in body if SAMPLE.match(line)]
    more = [line for line in body if MORE.match(line)]
    trailer = [line for line in body if line.startswith("  (")]
    # every line is a finding, a sample under a data blocker, or the closing count
    assert len(findings) + len(samples) + len(more) + len(trailer) == len(body), body
    assert len(findings) == total
    assert all(line.split()[0] == "must" for line in findings)
    assert not any("{" in line and "'code'" in line for line in body)  # no dict dump
    # a data blocker shows its counts and its samples right below it
    dup = next(i for i, line in enumerate(body) if " DR401 " in line)
    assert re.search(r" \d+ duplicate groups \(\d+ rows\) would make DR1", body[dup])
    assert SAMPLE.match(body[dup + 1]) and body[dup + 1].endswith("(x2)"), body[dup + 1]
    nulls = body.index(next(line for line in body if " DR402 " in line))
    assert re.search(r": \d+ NULL rows would make DR104 ownership_id fail", body[nulls])
    assert re.match(r"^           sample: id=\d+$", body[nulls + 1]), body[nulls + 1]
    assert len(trailer) == 1 and re.match(
        r"^  \(and \d+ more below must or informational, which do not fail\)$", trailer[0])
    assert body[-1] == trailer[0]
    # the rename the spec declares, under its target table name
    assert any(re.match(r"^  must +DR302 public\.bingo_cells: .*target_template_id", line)
               for line in findings), findings


def test_fail_on_levels(new_db: str) -> None:
    apply_sql(new_db, EXPECTED / "schema.sql")
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE scratchpad (id int PRIMARY KEY)")  # DR221: should
    report = assert_no_drift(EXPECTED, new_db, fail_on="must")
    assert [f["code"] for f in report.findings] == ["DR221"]
    assert report.ok and report.report["summary"]["exit_code"] == 0  # as `drift check`
    for level in ("should", "defer"):
        with pytest.raises(AssertionError) as caught:
            assert_no_drift(EXPECTED, new_db, fail_on=level)
        lines = str(caught.value).splitlines()
        assert lines[0] == f"drift: 1 finding at or above {level}"
        assert re.match(r"^  should DR221 public\.scratchpad: ", lines[3]), lines
        assert len(lines) == 4
    if new_db.startswith("postgresql://postgres:@"):  # the embedded server: trust auth
        # a password in the URL (which trust auth ignores) is masked in the message
        secret_url = new_db.replace("postgresql://postgres:@",
                                    "postgresql://postgres:hunter2-pw@")
        with pytest.raises(AssertionError) as caught:
            assert_no_drift(EXPECTED, secret_url, fail_on="should")
        assert "hunter2-pw" not in str(caught.value)
        assert str(caught.value).splitlines()[1].startswith(
            "  database: postgresql://postgres:***@")
    with pytest.raises(ValueError, match="fail_on must be must, should or defer, got 'high'"):
        assert_no_drift(EXPECTED, new_db, fail_on="high")


def test_connection_objects_are_accepted(clean_db: str) -> None:
    with psycopg.connect(clean_db) as conn:
        assert assert_no_drift(EXPECTED, conn).ok
    engine = sqlalchemy.create_engine(clean_db.replace("postgresql://", "postgresql+psycopg://"))
    try:
        assert database_url(engine).startswith("postgresql://")
        assert assert_no_drift(EXPECTED, engine, data=False).ok
        with engine.connect() as connection:
            assert database_url(connection) == database_url(engine)
    finally:
        engine.dispose()
    with pytest.raises(TypeError, match="cannot tell the database of int"):
        database_url(5)


def test_bad_expected_is_one_line(new_db: str, tmp_path: Path) -> None:
    with pytest.raises(DriftInputError) as caught:
        assert_no_drift(tmp_path / "nope", new_db)
    assert str(caught.value) == f"{tmp_path / 'nope'}: no such file or directory"


def test_one_test_per_table(pytester: pytest.Pytester, legacy_db: str) -> None:
    shutil.copytree(EXPECTED, pytester.path / "expected")
    result = pytester.runpytest("-p", "no:cacheprovider", "-v",
                                "--drift-expected", "expected", "--drift-url", legacy_db)
    from drift.sources import load_expected

    tables = sorted(load_expected(EXPECTED).catalog.tables)
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) + outcomes.get("failed", 0) == len(tables) + 1
    assert outcomes["failed"] >= 1 and outcomes.get("passed", 0) >= 1
    text = result.stdout.str()
    assert re.search(r"^expected::public\.bingo_cells FAILED", text, re.M)
    assert re.search(r"^expected::public\.nfts PASSED", text, re.M) is None
    assert re.search(r"^expected::public\.nft_templates PASSED", text, re.M)
    assert re.search(r"^expected::\(schema-level objects\) (PASSED|FAILED)", text, re.M)
    # the failure is the readable message of that table's findings, not a traceback
    section = text[text.index(" drift: public.bingo_cells "):].split("\n___")[0].splitlines()
    assert section[1] == "drift: 1 finding at or above must"
    assert re.match(r"^  must   DR302 public\.bingo_cells: column bingo_cells\."
                    r"target_template_id is still to be renamed", section[4]), section
    assert all(" public.bingo_cells: " in line for line in section[4:] if line.startswith(
        "  must"))
    assert "Traceback" not in text and "def runtest" not in text


def test_ini_defaults_and_the_fixture(pytester: pytest.Pytester, clean_db: str) -> None:
    (pytester.path / "db").mkdir()
    (pytester.path / "db" / "schema.sql").write_text((EXPECTED / "schema.sql").read_text())
    pytester.makeini(f"""
        [pytest]
        drift_url = {clean_db}
        drift_fail_on = should
    """)
    pytester.makepyfile(test_it="""
        def test_default(drift_check):
            assert drift_check(expected="db").ok
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    # the ini path is relative to the ini file and adds the per-table tests
    pytester.makeini(f"""
        [pytest]
        drift_url = {clean_db}
        drift_expected = db
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "-m", "drift")
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] >= 10 and "failed" not in outcomes
    assert outcomes["deselected"] == 1


def test_projects_that_do_not_use_it_pay_nothing(pytester: pytest.Pytester) -> None:
    """Loaded by every pytest run where drift is installed: no pipeline import, no
    server, no extra test."""
    pytester.makeconftest("""
        import sys

        def pytest_sessionfinish(session):
            names = sorted(m for m in sys.modules if m == "drift" or m.startswith("drift."))
            print("\\ndrift modules:", names)
    """)
    pytester.makepyfile(test_plain="def test_one():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["drift modules: ['drift', 'drift.pytest_plugin']"])


def test_help_lists_the_options(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    text = textwrap.dedent(result.stdout.str())
    for option in ("--drift-expected=PATH", "--drift-url=URL", "--drift-fail-on",
                   "drift_expected", "drift_url", "drift_fail_on"):
        assert option in text


def test_table_tests_without_a_reachable_database_fail_in_one_line(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    shutil.copytree(EXPECTED, pytester.path / "expected")
    pytester.makeini("[pytest]\ndrift_expected = expected\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] >= 10 and "passed" not in outcomes
    message = ("drift: no database to check: set --drift-url, the drift_url ini key or "
               "$DATABASE_URL")
    # each failure's whole report is that one line (the short summary, untruncated when
    # $CI is set, repeats it after "FAILED <test> - ", which is not counted here)
    assert sum(line.strip() == message for line in result.stdout.lines) == outcomes["failed"]
    # unreachable: the error line, the password masked, no traceback
    result = pytester.runpytest("-p", "no:cacheprovider", "--drift-url",
                                "postgresql://app:s3cret-pw@127.0.0.1:1/app")
    text = result.stdout.str()
    assert result.parseoutcomes()["failed"] == outcomes["failed"]
    assert "s3cret-pw" not in text and "Traceback" not in text
    assert re.search(r"^drift: error: .*127\.0\.0\.1", text, re.M), text


def test_ini_settings_are_checked_and_table_tests_can_be_off(pytester: pytest.Pytester,
                                                             clean_db: str) -> None:
    pytester.makeini("[pytest]\ndrift_fail_on = high\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "drift_fail_on: must be must, should or defer, got 'high'" in result.stderr.str()
    shutil.copytree(EXPECTED, pytester.path / "expected")
    pytester.makeini(f"[pytest]\ndrift_expected = expected\ndrift_url = {clean_db}\n"
                     "drift_table_tests = false\n")
    pytester.makepyfile(test_it="def test_it(drift_check):\n    drift_check()\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)  # the fixture's defaults, and no table tests


def test_a_testcontainers_url_loses_its_driver() -> None:
    class PostgresContainerLike:  # testcontainers' PostgresContainer API: one method
        def get_connection_url(self) -> str:
            return "postgresql+psycopg2://test:test@localhost:32768/test"

    assert database_url(PostgresContainerLike()) == "postgresql://test:test@localhost:32768/test"


def test_a_marker_sets_the_fixture_defaults(pytester: pytest.Pytester, new_db: str) -> None:
    apply_sql(new_db, EXPECTED / "schema.sql")
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE scratchpad (id int PRIMARY KEY)")  # DR221: should
    shutil.copytree(EXPECTED, pytester.path / "db")
    pytester.makepyfile(test_marked=f"""
        import pytest

        pytestmark = pytest.mark.drift(expected="db", url={new_db!r})

        def test_module_defaults(drift_check):
            assert [f["code"] for f in drift_check().findings] == ["DR221"]

        @pytest.mark.drift(fail_on="should")
        def test_closest_marker_wins(drift_check):
            drift_check(expected="db")

        @pytest.mark.drift(expectd="db")
        def test_typo(drift_check):
            pass
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, failed=1, errors=1)
    result.stdout.re_match_lines([r"^E +AssertionError: drift: 1 finding at or above should$",
                                  r"^E +  should DR221 public\.scratchpad: .*$"])
    assert "@pytest.mark.drift takes expected=, url= and fail_on= only, got expectd" in \
        result.stdout.str()


def test_it_can_be_turned_off(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("-p", "no:drift", "--help")
    assert "--drift-expected" not in result.stdout.str()
    assert "--drift-expected" in pytester.runpytest("--help").stdout.str()
