"""`check --estimate`: pg_stats figures, labelled as estimates in every output that
shows them, and never a finding, a blocker count or a guard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = """CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, b int, note text NOT NULL,
                p int REFERENCES parent (id), UNIQUE (a, b));
"""


def test_estimate_is_labelled_and_never_a_finding(new_db: str, pg_server: str,
                                                  tmp_path: Path) -> None:
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE parent (id int PRIMARY KEY)")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int, b int, note text, p int)")
        conn.execute("INSERT INTO t SELECT g, g % 50, g, CASE WHEN g % 10 = 0 THEN NULL"
                     " ELSE 'x' END, 7 FROM generate_series(1, 1000) g")
        conn.execute("ANALYZE")  # 1,000 rows: ANALYZE reads them all
    (tmp_path / "schema.sql").write_text(SCHEMA)
    report = tmp_path / "report.json"

    def run(*extra: str) -> tuple[int, str, dict]:
        done = subprocess.run([sys.executable, "-m", "drift", "check", "--expected",
                               str(tmp_path), "--db", new_db, "--scratch-url", pg_server,
                               "--json", str(report), *extra], cwd=ROOT, capture_output=True,
                              text=True, timeout=300, check=False)
        return done.returncode, done.stdout, json.loads(report.read_text())

    code, out, estimated = run("--estimate")
    exact_code, _, exact = run()
    blockers = {"DR401", "DR402", "DR403", "DR404"}
    assert exact_code == 3 and blockers & {f["code"] for f in exact["findings"]}
    assert code == 1  # drift, but no data blocker: an estimate never is one
    assert not blockers & {f["code"] for f in estimated["findings"]}
    assert estimated["summary"]["data_blockers"] == 0
    notes = estimated["notes"]
    assert all(n.startswith("ESTIMATE, not exact") for n in notes), notes
    assert any("about 100 rows for NULL note in public.t" in n for n in notes), notes
    assert any("about 950 rows repeat a value for duplicate (a) in public.t" in n
               for n in notes), notes
    assert any("no estimate for duplicate (a, b)" in n for n in notes), notes
    assert any("no estimate for public.t (p) without a parent" in n for n in notes), notes
    assert all(f"note: {n}" in out for n in notes)  # the terminal says so too
    assert not [n for n in exact["notes"] if "ESTIMATE" in n]
