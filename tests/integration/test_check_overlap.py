"""`run_check` on a snapshot starts the live read before the snapshot is loaded
(`drift.check._LiveRead`): the same findings and the same errors as one after the
other, and no session left open when the read is not used.

Each test runs the check both ways (the early read turned off by replacing
`_LiveRead.start`, drift's own function, never the database) on a real server.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import psycopg
import pytest

from drift import check
from drift.check import _LiveRead, _snapshot_schemas, run_check
from drift.cli import write_snapshot
from drift.db import read_only_snapshot
from drift.errors import DriftInputError
from drift.gcpause import gc_paused
from drift.inspect import read_catalog
from drift.report.json_report import finding_dict

pytestmark = pytest.mark.integration

LIVE = """CREATE SCHEMA legacy;
CREATE TABLE public.a (id int PRIMARY KEY, code text NOT NULL, CHECK (code <> ''));
CREATE TABLE public.b (id int PRIMARY KEY, a_id int REFERENCES public.a (id));
CREATE INDEX b_a_idx ON public.b (a_id);
CREATE TABLE legacy.old (id int);
"""
# the target: a column, a CHECK and an index differ from LIVE
TARGET = """CREATE SCHEMA legacy;
CREATE TABLE public.a (id int PRIMARY KEY, code text NOT NULL, note text,
                       CHECK (code <> '' AND id > 0));
CREATE TABLE public.b (id int PRIMARY KEY, a_id int REFERENCES public.a (id));
CREATE TABLE legacy.old (id int);
"""
NOWHERE = "postgresql://drift@/nowhere?host=/nonexistent"


def apply_sql(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.encode())


def snapshot_of(url: str, output: Path) -> Path:
    with read_only_snapshot(url) as conn:
        write_snapshot(read_catalog(conn), output)
    return output


@pytest.fixture
def target(pg_server: str, tmp_path: Path) -> Path:
    """A snapshot of TARGET, materialised in a database of its own."""
    from drift.scratch import scratch_database

    with scratch_database(pg_server, prefix="drift_test") as url:
        apply_sql(url, TARGET)
        return snapshot_of(url, tmp_path / "snapshot.json")


def sessions_on(pg_server: str, url: str) -> int:
    """Other sessions connected to `url`'s database, once they have had time to end
    (an abandoned read closes its session on its own thread)."""
    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        for _ in range(100):
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                               "AND pid <> pg_backend_pid()", (name,)).fetchone()
            if row is None or row[0] == 0:
                return 0
            time.sleep(0.1)
        return int(row[0])


def findings(path: Path, url: str, **kw: object) -> list[dict[str, object]]:
    result = run_check(path, url, data=False, partial=True, **kw)  # type: ignore[arg-type]
    return [finding_dict(f) for f in result.findings]


class Taken:
    """Counts the early reads `check_against` takes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        take = _LiveRead.take

        def counted(read: _LiveRead) -> tuple[check.Session, object, float]:
            self.count += 1
            return take(read)

        monkeypatch.setattr(_LiveRead, "take", counted)


def test_the_early_read_finds_what_the_read_after_the_load_finds(
        new_db: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apply_sql(new_db, LIVE)
    taken = Taken(monkeypatch)
    early = findings(target, new_db)
    early_public = findings(target, new_db, schemas=("public",))
    (target.parent / "drift.toml").write_text('[drift]\nignore_schemas = ["legacy"]\n',
                                              encoding="utf-8")
    early_scoped = findings(target, new_db)
    assert taken.count == 3  # each run used the read started before the load
    (target.parent / "drift.toml").unlink()
    with monkeypatch.context() as m:
        m.setattr(_LiveRead, "start", classmethod(lambda cls, *a, **k: None))
        assert findings(target, new_db) == early
        assert findings(target, new_db, schemas=("public",)) == early_public
        (target.parent / "drift.toml").write_text('[drift]\nignore_schemas = ["legacy"]\n',
                                                  encoding="utf-8")
        assert findings(target, new_db) == early_scoped
    assert taken.count == 3
    codes = {f["code"] for f in early}
    # the missing column, the CHECK replaced (a new one, the old one legacy), the index
    assert codes == {"DR102", "DR114", "DR203", "DR212"}, codes
    assert early_public == early and early_scoped == early  # legacy.old is the same


def test_a_read_of_other_schemas_is_not_used_and_its_session_is_closed(
        new_db: str, pg_server: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The head lists `legacy` alone, the file's last `schemas` (the one a JSON parser
    keeps) lists both: the early read is of the wrong schemas, so it is dropped."""
    apply_sql(new_db, LIVE)
    text = target.read_text(encoding="utf-8")
    odd = target.with_name("odd.json")
    odd.write_text(text.replace('"schemas": [', '"schemas": ["legacy"],\n  "schemas": [', 1),
                   encoding="utf-8")
    assert _snapshot_schemas(odd) == ["legacy"]
    taken = Taken(monkeypatch)
    got = findings(odd, new_db)
    assert taken.count == 0
    assert sessions_on(pg_server, new_db) == 0
    assert got == findings(target, new_db)


def test_errors_are_the_same_with_the_early_read_and_a_bad_file_comes_first(
        new_db: str, pg_server: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apply_sql(new_db, LIVE)
    text = target.read_text(encoding="utf-8")
    broken = target.with_name("broken.json")
    broken.write_text(text[:len(text) // 2], encoding="utf-8")
    runs = [(broken, new_db), (broken, NOWHERE), (target, NOWHERE)]

    def messages() -> list[str]:
        out = []
        for path, url in runs:
            with pytest.raises(DriftInputError) as exc:
                run_check(path, url, data=False)
            out.append(str(exc.value))
        return out

    early = messages()
    with monkeypatch.context() as m:
        m.setattr(_LiveRead, "start", classmethod(lambda cls, *a, **k: None))
        assert messages() == early
    assert "invalid JSON" in early[0] and "invalid JSON" in early[1]
    assert "nowhere" in early[2] or "nonexistent" in early[2], early[2]
    assert sessions_on(pg_server, new_db) == 0  # the read dropped for the bad file


def test_snapshot_schemas_reads_the_head_only(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    cases = {
        '{\n  "format": "drift-snapshot",\n  "format_version": 1,\n  "server_version": '
        '"18.1",\n  "schemas": [\n    "public",\n    "a b"\n  ],\n  "tables": []\n}':
            ["public", "a b"],
        '{"schemas": []}': [],
        '{"tables": [], "schemas": ["x"]}': None,  # not at the head
        '{"format": "x", "schemas": ["a]b"]}': None,  # a "]" in a name: no guess
        'not json': None,
    }
    for text, want in cases.items():
        path.write_text(text, encoding="utf-8")
        assert _snapshot_schemas(path) == want, text


def test_gc_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer check still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()
