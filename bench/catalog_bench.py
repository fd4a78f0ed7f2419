"""Time `drift check --no-data` as a whole process against pg_dump, SQLAlchemy and migra.

Why: issue 9 sets the goals as ratios between whole processes, measured side by side
in one run: what a user waits for when they type the command, interpreter start and
imports included. This script builds the generated schemas of `inspect_bench.py` on
drift's embedded PostgreSQL, then

1. times, in interleaved rounds, four processes on the same database:
   `drift check --no-data` against a snapshot of that database, `pg_dump -s`,
   SQLAlchemy's `MetaData.reflect` and one inspection by migra's maintained successor
   (`results.schemainspect.get_inspector`), and prints the ratios and the goals;
2. measures growth: `drift snapshot` and `drift check --no-data` at each size of
   `--growth`, their median time and peak memory (max RSS of the drift process, from
   `os.wait4`), and the time per table, which stays flat when time grows linearly.

Run: python bench/catalog_bench.py [--tables 2000] [--growth 500,2000,10000]
                                    [--repeat 5] [--growth-repeat 3] [--seed 42]

Nothing here asserts on time: it only prints.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import sqlalchemy as sa

try:
    from bench.inspect_bench import generated_db, pg_dump_path
except ModuleNotFoundError:  # run as `python bench/catalog_bench.py`: bench/ is on the path
    from inspect_bench import generated_db, pg_dump_path  # type: ignore[no-redef]
from drift.db import read_only_snapshot
from drift.scratch import embedded_url

PY = sys.executable
# Every Python process here may write and reuse compiled bytecode, as an installed
# package's (pip compiles it) does: a machine that sets PYTHONDONTWRITEBYTECODE would
# otherwise have drift, from an editable install, recompile its modules on every run,
# while SQLAlchemy's and results' were compiled when pip installed them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TIME = "/usr/bin/time"  # GNU time: -f %M is the max RSS in kilobytes

REFLECT = """
import sys
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
engine = sa.create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg://", 1),
                          poolclass=NullPool)
metadata = sa.MetaData()
metadata.reflect(engine)
print(len(metadata.tables))
"""

MIGRA = """
import sys
import psycopg
from results.schemainspect import get_inspector
with psycopg.connect(sys.argv[1]) as conn, conn.cursor() as cur:
    print(len(get_inspector(cur).tables))
"""

GOALS = {"pg_dump -s": ("<=", 0.6), "MetaData.reflect": (">=", 4.0),
         "migra inspect": (">=", 8.0)}


@dataclass
class Run:
    """One process: wall-clock seconds, peak memory (max RSS, bytes), its stdout."""

    seconds: float
    max_rss: int
    stdout: str


def run_process(argv: list[str], cwd: Path) -> Run:
    """Run `argv` under `/usr/bin/time`, which reports the process's own max RSS.

    Why not `os.wait4` or `getrusage(RUSAGE_CHILDREN)` here: a child forked from this
    Python counts this Python's memory at the fork in its high-water mark, and
    RUSAGE_CHILDREN is the largest of all children so far. `time` is small when it
    forks. The wall-clock time is taken here, around the whole thing.
    """
    with tempfile.TemporaryFile(mode="w+") as out, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss:
        start = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%M", "-o", rss.name, *argv], cwd=cwd, env=ENV,
                              stdout=out, stderr=subprocess.PIPE, text=True, check=False)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv[:4])} ... exited {proc.returncode}: "
                             f"{proc.stderr.strip()}")
        out.seek(0)
        kilobytes = int(rss.read().split()[-1])
        return Run(seconds, kilobytes * 1024, out.read())


def drift_argv(*args: str) -> list[str]:
    return [PY, "-m", "drift", *args]


def tools(url: str, snapshot: Path) -> dict[str, list[str]]:
    """The four processes of the side-by-side comparison, on database `url`."""
    return {
        "drift check --no-data": drift_argv("check", "--no-data", "-q", "--db", url,
                                            "--expected", str(snapshot)),
        "pg_dump -s": [pg_dump_path(), "--schema-only", "-d", url],
        "MetaData.reflect": [PY, "-c", REFLECT, url],
        "migra inspect": [PY, "-c", MIGRA, url],
    }


def table_count(tool: str, run: Run) -> str:
    """How many tables the tool saw (drift's snapshot says it when written)."""
    if tool == "pg_dump -s":
        return str(run.stdout.count("CREATE TABLE "))
    if tool == "drift check --no-data":
        return "0 findings" if "findings: 0 " in run.stdout else "FINDINGS"
    return run.stdout.strip()


@dataclass
class Timed:
    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.max_rss for r in self.runs) / 2**20


def snapshot_of(url: str, directory: Path) -> tuple[Path, Run]:
    path = directory / "snapshot.json"
    run = run_process(drift_argv("snapshot", "--db", url, "-o", str(path)), directory)
    return path, run


def compare(url: str, n_tables: int, repeat: int, work: Path) -> None:
    """The side-by-side table: one warm-up each, then `repeat` interleaved rounds."""
    directory = work / f"compare{n_tables}"
    directory.mkdir()
    snapshot, _ = snapshot_of(url, directory)
    argvs = tools(url, snapshot)
    results = {name: Timed(name) for name in argvs}
    seen = {name: table_count(name, run_process(argv, directory))
            for name, argv in argvs.items()}
    for _ in range(repeat):
        for name, argv in argvs.items():
            results[name].runs.append(run_process(argv, directory))
    drift = results["drift check --no-data"]
    print(f"{n_tables} generated tables, whole processes, median of {repeat} interleaved rounds")
    print(f"{'tool':<24}{'saw':>11}{'median s':>10}{'min s':>8}{'peak MB':>9}  ratio")
    for name, timed in results.items():
        ratio = "" if timed is drift else (
            f"drift / {name} = {drift.median / timed.median:.2f}x"
            if GOALS[name][0] == "<=" else f"{name} / drift = {timed.median / drift.median:.2f}x")
        print(f"{name:<24}{seen[name]:>11}{timed.median:>10.3f}"
              f"{min(r.seconds for r in timed.runs):>8.3f}{timed.peak_mb:>9.1f}  {ratio}")
    print()
    for name, (direction, goal) in GOALS.items():
        other = results[name].median
        if direction == "<=":
            value, met = drift.median / other, drift.median / other <= goal
            print(f"goal: drift <= {goal}x {name:<17} {value:5.2f}x  "
                  f"{'met' if met else 'NOT met'}")
        else:
            value, met = other / drift.median, other / drift.median >= goal
            print(f"goal: drift >= {goal}x faster than {name:<6} {value:5.2f}x  "
                  f"{'met' if met else 'NOT met'}")


def growth(urls: dict[int, str], repeat: int, work: Path) -> None:
    """Time and peak memory of `drift snapshot` and `drift check --no-data` per size."""
    print(f"growth, median of {repeat} runs each, peak = max RSS of the drift process")
    print(f"{'tables':>7}  {'command':<22}{'median s':>9}{'ms/table':>10}{'peak MB':>9}")
    base: dict[str, float] = {}
    for n_tables, url in sorted(urls.items()):
        directory = work / f"growth{n_tables}"
        directory.mkdir()
        snaps = Timed("drift snapshot")
        for _ in range(repeat):
            snapshot, run = snapshot_of(url, directory)
            snaps.runs.append(run)
        check = Timed("drift check --no-data")
        argv = tools(url, snapshot)["drift check --no-data"]
        for _ in range(repeat):
            check.runs.append(run_process(argv, directory))
        for timed in (snaps, check):
            per = timed.median / n_tables * 1000
            base.setdefault(timed.name, per)
            print(f"{n_tables:>7}  {timed.name:<22}{timed.median:>9.3f}{per:>10.3f}"
                  f"{timed.peak_mb:>9.1f}   per table {per / base[timed.name]:.2f}x "
                  f"the smallest size's")
    print("(time grows linearly when ms/table stays flat; the goal at 10,000 tables: "
          "peak < 150 MB, snapshot included)")


def environment(url: str) -> None:
    with read_only_snapshot(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    dump = subprocess.run([pg_dump_path(), "--version"], capture_output=True, text=True)
    from importlib.metadata import version

    import results  # noqa: F401  (only to show it is there)
    print(f"PostgreSQL {row[0] if row else '?'} (embedded), {dump.stdout.strip()}, "
          f"SQLAlchemy {sa.__version__}, results {version('results')}, "
          f"psycopg {psycopg.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=2000,
                        help="tables for the side-by-side comparison (2000)")
    parser.add_argument("--growth", default="500,2000,10000",
                        help="sizes for the growth table, comma-separated (500,2000,10000)")
    parser.add_argument("--repeat", type=int, default=5, help="comparison rounds (5)")
    parser.add_argument("--growth-repeat", type=int, default=3, help="growth runs (3)")
    parser.add_argument("--seed", type=int, default=42, help="schema generator seed (42)")
    return parser.parse_args(argv)


@contextmanager
def databases(sizes: set[int], seed: int) -> Iterator[dict[int, str]]:
    with ExitStack() as stack:
        urls = {}
        for n_tables in sorted(sizes):
            start = time.perf_counter()
            urls[n_tables] = stack.enter_context(generated_db(n_tables, seed))
            print(f"built {n_tables} tables in {time.perf_counter() - start:.1f}s", flush=True)
        yield urls


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    warnings.filterwarnings("ignore", module="platformdirs")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sizes = {int(s) for s in args.growth.split(",") if s.strip()}
    started = time.perf_counter()
    environment(embedded_url())
    with databases(sizes | {args.tables}, args.seed) as urls, \
            tempfile.TemporaryDirectory(prefix="drift-bench-") as tmp:
        print()
        compare(urls[args.tables], args.tables, args.repeat, Path(tmp))
        print()
        growth({n: urls[n] for n in sizes}, args.growth_repeat, Path(tmp))
    print(f"\nbench took {time.perf_counter() - started:.0f}s, load average now "
          f"{os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
