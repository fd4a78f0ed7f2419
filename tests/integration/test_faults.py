"""Faults on the live side still give a report: a lock held by another session, and
a recovery conflict that ends drift's session on a hot standby.

The lock: a second connection holds ACCESS EXCLUSIVE on `parents` and `legacy_notes`
(not in the target) in an open transaction while `drift check` runs. The locked table
and the views over it are reported as not read (DR601), never as missing or changed;
the locked table the target lacks is still unexpected (DR221, by its name); every
other table's findings are those of a run without the lock, plus the one data check
that must read `parents` (DR405).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from markupsafe import escape

from drift.check import Session, run_check
from drift.checks.run import data_blockers
from drift.db import same_snapshot
from drift.errors import DriftInputError
from drift.sources.sql import apply_sql
from tests.pgcluster import Node, primary_and_standby, replayed, stop, wait_for

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "faults"
LOCKED = {("public", "parents"), ("public", "parent_names"), ("public", "parent_ids")}


def drift(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drift", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300)


@pytest.fixture
def live_db(new_db: str) -> str:
    apply_sql(new_db, FIXTURE / "live.sql")
    return new_db


@pytest.fixture
def held_lock(live_db: str) -> Iterator[psycopg.Connection]:
    """Another session: ACCESS EXCLUSIVE on parents, in a transaction left open."""
    with psycopg.connect(live_db) as holder:
        holder.execute("LOCK TABLE parents, legacy_notes IN ACCESS EXCLUSIVE MODE")
        yield holder
        holder.rollback()


def check(db: str, scratch: str, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    json_path, html_path = out / "report.json", out / "report.html"
    run = drift("check", "--expected", str(FIXTURE / "schema.sql"), "--db", db,
                "--scratch-url", scratch, "--json", str(json_path), "--html", str(html_path),
                "--lock-timeout", "200ms", *extra)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode in (0, 1, 3), (run.returncode, run.stdout, run.stderr)
    assert "</html>" in html_path.read_text(encoding="utf-8")
    report = json.loads(json_path.read_text(encoding="utf-8"))
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "drift" / "report" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    return run.returncode, report


def keyed(report: dict[str, Any]) -> set[tuple[str, str, str, str | None]]:
    return {(f["code"], f["schema"], f["table"], f["object"]) for f in report["findings"]}


def about_locked(f: tuple[str, str, str, str | None]) -> bool:
    return (f[1], f[2]) in LOCKED or (f[1], f[3]) in LOCKED


@pytest.mark.parametrize("data", [True, False], ids=["data", "no-data"])
def test_held_lock_reports_not_read_and_the_rest(live_db: str, pg_server: str, tmp_path: Path,
                                                 data: bool) -> None:
    extra = () if data else ("--no-data",)
    (tmp_path / "free").mkdir()
    free_code, free = check(live_db, pg_server, tmp_path / "free", *extra)
    baseline = keyed(free)
    # without the lock: parents and parent_names are as in the target, the rest drifts
    unexpected_view = ("DR231", "public", "", "parent_ids")
    assert {f for f in baseline if about_locked(f)} == {unexpected_view}
    expected_free = {("DR112", "public", "children", "children_code_key"),
                     ("DR113", "public", "children", "children_parent_id_fkey"),
                     ("DR112", "public", "accounts", "accounts_email_key"),
                     ("DR221", "public", "legacy_notes", None),
                     ("DR231", "public", "", "parent_ids")}
    if data:
        expected_free |= {("DR401", "public", "children", "children_code_key"),
                          ("DR401", "public", "accounts", "accounts_email_key")}
    assert baseline == expected_free
    assert free_code == (3 if data else 1)

    with psycopg.connect(live_db) as holder:
        holder.execute("LOCK TABLE parents, legacy_notes IN ACCESS EXCLUSIVE MODE")
        (tmp_path / "locked").mkdir()
        code, report = check(live_db, pg_server, tmp_path / "locked", *extra)
        holder.rollback()

    found = keyed(report)
    not_read = {f for f in found if f[0] == "DR601"}
    assert not_read == {("DR601", "public", "parents", None),
                        ("DR601", "public", "", "parent_names"),
                        ("DR601", "public", "", "parent_ids")}
    # nothing else is said about the locked table or its views: not missing, not changed
    assert {f for f in found if about_locked(f)} == not_read
    others = {f for f in found if not about_locked(f)}
    baseline.discard(unexpected_view)  # now a DR601: its definition was not read
    if data:  # the orphan check of children's new foreign key has to read parents
        assert others == baseline | {("DR405", "public", "children",
                                      "children_parent_id_fkey")}
        orphan = next(f for f in report["findings"] if f["code"] == "DR405")
        assert "lock timeout" in orphan["evidence"]["error"]
        dups = {f["table"]: f["evidence"]["duplicate_groups"] for f in report["findings"]
                if f["code"] == "DR401"}
        assert dups == {"children": 1, "accounts": 1}
    else:
        assert others == baseline
    locked = next(f for f in report["findings"] if f["table"] == "parents")
    assert locked["category"] == "not_read" and locked["evidence"]["kind"] == "table"
    matrix = {row["table"]: row["state"] for row in report["matrix"]}
    assert matrix == {"parents": "not read", "children": "drift", "accounts": "drift"}
    assert "another session holds a lock" in locked["message"]
    assert code == free_code


def test_without_partial_a_locked_table_is_one_clear_error(
        held_lock: psycopg.Connection, live_db: str, pg_server: str) -> None:
    """What `drift plan` and snapshots use: no plan is built on a partial read."""
    with pytest.raises(DriftInputError) as caught:
        run_check(FIXTURE / "schema.sql", live_db, scratch_url=pg_server, data=False,
                  lock_timeout="200ms")
    assert str(caught.value) == ("cannot read table public.legacy_notes (and 3 more): another "
                                 "session holds a lock on it (waited lock_timeout 200ms)")


# -- recovery conflicts on a real streaming standby ------------------------------------

STANDBY = FIXTURE / "standby"


@pytest.fixture
def cluster() -> Iterator[tuple[Node, Node]]:
    """A primary and its hot standby that cancels a conflicting query at once."""
    with primary_and_standby({"max_standby_streaming_delay": "0",
                              "hot_standby_feedback": "off"}) as nodes:
        yield nodes


def _count(url: str, sql: str, *params: Any) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(sql, params or None).fetchone()
        return int(row[0]) if row else 0


def test_recovery_conflict_reconnects_and_still_reports_the_duplicate(
        cluster: tuple[Node, Node], pg_server: str, tmp_path: Path) -> None:
    """drift waits in its second data check (on a lock the standby replays); the primary
    then locks the table the first check read, and the standby ends drift's session to
    replay that lock. drift reconnects, goes on in a new snapshot and still reports
    b_dups' duplicate."""
    primary, standby = cluster
    apply_sql(primary.url(), STANDBY / "live.sql")
    replayed(primary, standby)
    conflicts = ("SELECT confl_lock FROM pg_stat_database_conflicts "
                 "WHERE datname = current_database()")
    assert _count(standby.url(), conflicts) == 0

    json_path, html_path = tmp_path / "report.json", tmp_path / "report.html"
    with psycopg.connect(primary.url()) as locker:
        locker.execute("LOCK TABLE a_waits IN ACCESS EXCLUSIVE MODE")  # transaction left open
        wait_for("the standby to replay the lock on a_waits", lambda: _count(
            standby.url(), "SELECT count(*) FROM pg_locks WHERE relation = 'a_waits'::regclass"
                           " AND mode = 'AccessExclusiveLock' AND granted") == 1)
        run = subprocess.Popen(
            [sys.executable, "-m", "drift", "check", "--expected", str(STANDBY / "schema.sql"),
             "--db", standby.url(), "--scratch-url", pg_server, "--json", str(json_path),
             "--html", str(html_path), "--lock-timeout", "10min"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # drift is in its data checks: waiting for a_waits, inside its snapshot
            wait_for("drift to wait for the lock on a_waits", lambda: run.poll() is not None
                     or _count(standby.url(), "SELECT count(*) FROM pg_stat_activity WHERE "
                               "application_name = 'drift' AND wait_event_type = 'Lock'") == 1)
            assert run.poll() is None, run.communicate()
            with psycopg.connect(primary.url()) as other, other.transaction():
                other.execute("LOCK TABLE a_read IN ACCESS EXCLUSIVE MODE")
            locker.commit()  # a_waits is free again once the standby replays this
            stdout, stderr = run.communicate(timeout=600)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
    assert "Traceback" not in stderr, stderr
    assert _count(standby.url(), conflicts) >= 1  # the standby did end drift's session

    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert run.returncode == 3, (stdout, stderr)
    assert len(report["notes"]) == 1
    note = report["notes"][0]
    assert "conflict with recovery" in note and "new snapshot" in note
    assert "during the data checks" in note
    assert str(escape(note)) in html_path.read_text(encoding="utf-8")
    assert f"note: {note}" in stdout
    found = {(f["code"], f["table"], f["object"]) for f in report["findings"]}
    assert found == {("DR112", "a_read", "a_read_k_key"), ("DR112", "a_waits", "a_waits_k_key"),
                     ("DR112", "b_dups", "b_dups_email_key"),
                     ("DR401", "b_dups", "b_dups_email_key")}
    dup = next(f for f in report["findings"] if f["code"] == "DR401")
    assert (dup["evidence"]["duplicate_groups"], dup["evidence"]["duplicate_rows"]) == (1, 2)


def test_on_a_standby_data_checks_share_the_snapshot_and_the_catalog_read_does_not(
        cluster: tuple[Node, Node]) -> None:
    """One mechanism, `db.same_snapshot`, with the behaviour each user had: on a hot
    standby the catalog read gets no helper session (it reads on its own), while the
    data checks' twins (`Session.twins`, on_standby) import the standby's snapshot and
    see what the session sees, not a row the primary wrote later; on the primary both
    get their sessions."""
    primary, standby = cluster
    apply_sql(primary.url(), STANDBY / "live.sql")
    replayed(primary, standby)
    count = "SELECT count(*) FROM b_dups"
    for node, on_standby in ((standby, True), (primary, False)):
        session = Session(node.url(), statement_timeout=None, lock_timeout="5s")
        try:
            seen = session.conn.execute(count).fetchone()
            with same_snapshot(session.conn, 2) as openers:
                assert len(openers) == (0 if on_standby else 2)
            with psycopg.connect(primary.url(), autocommit=True) as writer:
                writer.execute("INSERT INTO b_dups SELECT * FROM b_dups LIMIT 1")
            replayed(primary, standby)
            with session.twins(2) as twins:
                assert len(twins) == 2
                for twin in twins:
                    assert twin.conn.execute(count).fetchone() == seen  # not the new row
                    assert twin.conn.execute("SELECT pg_is_in_recovery()").fetchone() == (
                        on_standby,)
                    assert twin.conn.execute("SHOW transaction_read_only").fetchone() == (
                        "on",)
        finally:
            session.close()


def test_a_lock_replayed_on_a_standby_is_not_read_either(
        cluster: tuple[Node, Node], pg_server: str, tmp_path: Path) -> None:
    """On a standby the lock is held by the replay of the primary's (an ALTER TABLE that
    runs long, say): the same report, DR601 for what it covers."""
    primary, standby = cluster
    apply_sql(primary.url(), FIXTURE / "live.sql")
    replayed(primary, standby)
    with psycopg.connect(primary.url()) as locker:
        locker.execute("LOCK TABLE parents IN ACCESS EXCLUSIVE MODE")
        wait_for("the standby to replay the lock on parents", lambda: _count(
            standby.url(), "SELECT count(*) FROM pg_locks WHERE relation = 'parents'::regclass"
                           " AND mode = 'AccessExclusiveLock' AND granted") == 1)
        code, report = check(standby.url(), pg_server, tmp_path, "--no-data")
        locker.rollback()
    assert code == 1
    assert keyed(report) == {
        ("DR601", "public", "parents", None), ("DR601", "public", "", "parent_names"),
        ("DR601", "public", "", "parent_ids"), ("DR221", "public", "legacy_notes", None),
        ("DR112", "public", "children", "children_code_key"),
        ("DR113", "public", "children", "children_parent_id_fkey"),
        ("DR112", "public", "accounts", "accounts_email_key")}


def test_recovery_conflict_in_the_catalog_read_reads_it_again(
        cluster: tuple[Node, Node], pg_server: str, tmp_path: Path) -> None:
    """drift's catalog read waits on a lock the standby replays (parents); the primary
    then rewrites a catalog the read holds open (VACUUM FULL pg_description), and the
    standby ends drift's session to replay that. drift reads the catalog again."""
    primary, standby = cluster
    apply_sql(primary.url(), FIXTURE / "live.sql")
    replayed(primary, standby)
    json_path = tmp_path / "report.json"
    with psycopg.connect(primary.url()) as locker:
        locker.execute("LOCK TABLE parents IN ACCESS EXCLUSIVE MODE")
        wait_for("the standby to replay the lock on parents", lambda: _count(
            standby.url(), "SELECT count(*) FROM pg_locks WHERE relation = 'parents'::regclass"
                           " AND mode = 'AccessExclusiveLock' AND granted") == 1)
        run = subprocess.Popen(
            [sys.executable, "-m", "drift", "check", "--expected", str(FIXTURE / "schema.sql"),
             "--db", standby.url(), "--scratch-url", pg_server, "--json", str(json_path),
             "--lock-timeout", "10min"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for("drift's catalog read to wait for parents", lambda: run.poll() is not None
                     or _count(standby.url(), "SELECT count(*) FROM pg_stat_activity WHERE "
                               "application_name = 'drift' AND wait_event_type = 'Lock'") == 1)
            assert run.poll() is None, run.communicate()
            with psycopg.connect(primary.url(), autocommit=True) as other:
                other.execute("VACUUM FULL pg_description")
            locker.rollback()
            stdout, stderr = run.communicate(timeout=600)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
    assert "Traceback" not in stderr, stderr
    assert run.returncode == 3, (stdout, stderr)
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert len(report["notes"]) == 1
    assert "during the catalog read (terminating connection due to conflict with recovery: " \
           "User was holding a relation lock for too long.)" in report["notes"][0]
    assert keyed(report) == {  # all read, in the new snapshot: the lock was gone by then
        ("DR112", "public", "children", "children_code_key"),
        ("DR113", "public", "children", "children_parent_id_fkey"),
        ("DR112", "public", "accounts", "accounts_email_key"),
        ("DR401", "public", "children", "children_code_key"),
        ("DR401", "public", "accounts", "accounts_email_key"),
        ("DR221", "public", "legacy_notes", None), ("DR231", "public", "", "parent_ids")}


def test_a_server_that_does_not_come_back_is_given_up_on_once(
        cluster: tuple[Node, Node], pg_server: str) -> None:
    """Bounded: one round of tries with a pause between them, then every remaining check
    is not evaluated at once, saying why."""
    primary, standby = cluster
    apply_sql(primary.url(), STANDBY / "live.sql")
    replayed(primary, standby)
    result = run_check(STANDBY / "schema.sql", standby.url(), scratch_url=pg_server,
                       data=False)
    session = Session(standby.url(), statement_timeout=None, lock_timeout="5s")
    try:
        stop(standby)
        blockers = data_blockers(session, result.findings)
    finally:
        session.close()
    assert session.tries == Session.ATTEMPTS and session.notes == []
    assert [(f.code, f.table) for f in blockers] == [
        ("DR405", "a_read"), ("DR405", "a_waits"), ("DR405", "b_dups")]
    assert all(f.message.endswith("(drift did not reconnect)") for f in blockers)
