"""The pytest plugin: drift's gate inside a project's own test suite.

Registered through the `pytest11` entry point, so installing drift makes it available:

- `assert_no_drift(expected, db, fail_on="must")` checks a database against the
  expected schema and, on failure, raises an AssertionError that lists the findings
  one per line (priority, code, table, message, counts and samples of data blockers);
- the `drift_check` fixture does the same with the defaults of the `--drift-*`
  options and `[tool.pytest.ini_options]` keys (`drift_expected`, `drift_url`,
  `drift_fail_on`, `drift_scratch_url`);
- `--drift-expected PATH` (or the `drift_expected` ini key) adds one test per target
  table, plus one for schema-level objects, checked against `--drift-url`,
  `drift_url` or `$DATABASE_URL`.

The database may be a URL or key=value string, a psycopg connection (the
`postgresql` fixture of pytest-postgresql), a SQLAlchemy engine or URL, or a
testcontainers `PostgresContainer`.

Projects that install drift but do not use it pay nothing: importing this module
imports nothing of drift's pipeline and starts no server; the per-table tests are
collected only when `drift_expected` is set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FAIL_ON = ("must", "should", "defer")
SCHEMA_LEVEL = "(schema-level objects)"
_SAMPLES = 3


# --- connection -------------------------------------------------------------------------

def database_url(db: Any) -> str:
    """A connection string drift reads, from whatever the user's fixture gives."""
    if isinstance(db, str):
        return db
    if isinstance(db, os.PathLike):
        raise TypeError(f"drift: a database URL or connection is needed, not the path {db}")
    if hasattr(db, "get_connection_url"):  # testcontainers' PostgresContainer
        return _no_driver(str(db.get_connection_url()))
    engine = getattr(db, "engine", None)  # a SQLAlchemy Connection
    if engine is not None and hasattr(getattr(engine, "url", None), "render_as_string"):
        db = engine
    url = getattr(db, "url", None)  # a SQLAlchemy Engine
    if url is not None and hasattr(url, "render_as_string"):
        db = url
    if hasattr(db, "render_as_string"):  # a SQLAlchemy URL
        return _no_driver(str(db.render_as_string(hide_password=False)))
    info = getattr(db, "info", None)  # a psycopg 3 connection
    if info is not None and hasattr(info, "get_parameters"):
        from psycopg.conninfo import make_conninfo

        params = dict(info.get_parameters())
        if info.password:
            params["password"] = info.password
        return make_conninfo(**params)
    raise TypeError(f"drift: cannot tell the database of {type(db).__name__}; pass a URL, "
                    "a psycopg connection, a SQLAlchemy engine or connection, or a "
                    "testcontainers PostgresContainer")


def _no_driver(url: str) -> str:
    """`postgresql+psycopg2://` (testcontainers, SQLAlchemy) as libpq reads it."""
    return re.sub(r"^postgres(?:ql)?\+\w+://", "postgresql://", url)


# --- the assertion ----------------------------------------------------------------------

class DriftReport:
    """What a check found: the JSON report (`.report`) and the findings that fail it."""

    def __init__(self, report: dict[str, Any], fail_on: str) -> None:
        self.report = report
        self.fail_on = fail_on

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.report["findings"])

    @property
    def failing(self) -> list[dict[str, Any]]:
        from drift.baseline import gates
        from drift.findings import Code

        info = {Code.COMPAT_VIEW_OPEN.value, Code.BACKFILL_DECLARED.value}  # no drift
        return [f for f in self.report["findings"]
                if gates(f, self.fail_on) and f["code"] not in info]

    @property
    def ok(self) -> bool:
        return not self.failing

    def message(self, findings: list[dict[str, Any]] | None = None,
                scope: list[dict[str, Any]] | None = None) -> str:
        """`findings` (default: all that fail), and a count of the rest of `scope`
        (default: the whole report) that does not fail."""
        return failure_message(self.report, self.failing if findings is None else findings,
                               self.fail_on, scope)


def _validated_fail_on(fail_on: str) -> str:
    if fail_on not in FAIL_ON:
        raise ValueError(f"drift: fail_on must be must, should or defer, got {fail_on!r}")
    return fail_on


def run(expected: str | os.PathLike[str], db: Any, *, fail_on: str = "must",
        scratch_url: str | None = None, schemas: tuple[str, ...] | None = None,
        data: bool = True, samples: bool = True) -> DriftReport:
    """Check `db` against `expected` (read-only); the report, whatever it finds."""
    from drift import dsn
    from drift.check import run_check
    from drift.errors import DriftInputError
    from drift.report import json_report
    from drift.spec import Priority

    fail_on = _validated_fail_on(fail_on)
    url = database_url(db)
    dsn.register(url)
    if scratch_url:
        dsn.register(scratch_url)
    try:
        result = run_check(Path(expected), url, scratch_url=scratch_url, schemas=schemas,
                           samples=samples, data=data, partial=True, depends=False)
    except DriftInputError as exc:  # one line, secrets hidden, like the command line
        raise DriftInputError(dsn.scrub(str(exc))) from None
    return DriftReport(json_report.build(result, Priority(fail_on), samples=samples), fail_on)


def assert_no_drift(expected: str | os.PathLike[str], db: Any, fail_on: str = "must", *,
                    scratch_url: str | None = None, schemas: tuple[str, ...] | None = None,
                    data: bool = True, samples: bool = True) -> DriftReport:
    """Fail (AssertionError) when `db` has a finding at or above `fail_on`; else the report."""
    __tracebackhide__ = True
    checked = run(expected, db, fail_on=fail_on, scratch_url=scratch_url, schemas=schemas,
                  data=data, samples=samples)
    if not checked.ok:
        raise AssertionError(checked.message())
    return checked


def finding_lines(f: dict[str, Any]) -> list[str]:
    """A finding in a line (and its data samples, each on its own line below)."""
    table = f"{f['schema']}.{f['table']}" if f.get("table") else \
        f"{f['schema']}.{f.get('object') or ''}".rstrip(".")
    first = str(f["message"]).splitlines()[0] if f["message"] else ""
    lines = [f"  {f['priority']:<6} {f['code']} {table}: {first}"]
    samples = (f.get("evidence") or {}).get("samples") or []
    for s in samples[:_SAMPLES]:
        key = ", ".join(f"{k}={v!r}" for k, v in (s.get("key") or {}).items())
        n = s.get("count")
        lines.append(f"           sample: {key}" + (f" (x{n})" if isinstance(n, int) and n > 1
                                                     else ""))
    if len(samples) > _SAMPLES:
        lines.append(f"           ... {len(samples) - _SAMPLES} more samples in the report")
    return lines


def failure_message(report: dict[str, Any], failing: list[dict[str, Any]],
                    fail_on: str, scope: list[dict[str, Any]] | None = None) -> str:
    """The assertion message: what and where first, then one line per finding."""
    from drift import dsn

    blockers = sum(1 for f in failing if f["category"] == "data_blocker")
    noun = "finding" if len(failing) == 1 else "findings"
    lines = [f"drift: {len(failing)} {noun} at or above {fail_on}"
             + (f", {blockers} data blocker{'s' * (blockers != 1)}" if blockers else ""),
             f"  database: {report['target']['url']}",
             f"  expected: {report['expected']['source']}"]
    for f in failing:
        lines += finding_lines(f)
    below = len(report["findings"] if scope is None else scope) - len(failing)
    if below:
        lines.append(f"  (and {below} more below {fail_on} or informational, which do not fail)")
    return dsn.scrub("\n".join(lines))


# --- options, fixture -------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("drift", "schema drift (drift)")
    group.addoption("--drift-expected", metavar="PATH",
                    help="Expected schema (directory or file): adds one test per table. "
                         "Also the drift_check fixture's default. ini: drift_expected.")
    group.addoption("--drift-url", metavar="URL",
                    help="Database the per-table tests and drift_check check by default "
                         "(default: ini drift_url, then $DATABASE_URL).")
    group.addoption("--drift-fail-on", choices=FAIL_ON,
                    help="Lowest priority that fails (default: ini drift_fail_on, or must).")
    group.addoption("--drift-scratch-url", metavar="URL",
                    help="Server to materialise the expected schema on (default: embedded).")
    parser.addini("drift_expected", "drift: expected schema path (relative to the ini file)")
    parser.addini("drift_url", "drift: database URL to check by default")
    parser.addini("drift_fail_on", "drift: must, should or defer (default must)")
    parser.addini("drift_scratch_url", "drift: server that materialises the expected schema")
    parser.addini("drift_table_tests", "drift: add one test per table when drift_expected is "
                  "set (true, the default, or false)", default="true")


class Settings:
    """The `--drift-*` options over the ini keys; relative ini paths from the ini file."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def _value(self, name: str) -> str | None:
        value = self.config.getoption(f"--{name.replace('_', '-')}")
        if value:
            return str(value)
        ini = self.config.getini(name)
        return str(ini) if ini else None

    @property
    def expected(self) -> Path | None:
        if self.config.getoption("--drift-expected"):
            return Path(self.config.getoption("--drift-expected")).resolve()
        ini = self.config.getini("drift_expected")
        return (self.base / str(ini)).resolve() if ini else None

    @property
    def base(self) -> Path:
        """What relative paths of the ini file and of markers start from."""
        return self.config.inipath.parent if self.config.inipath else self.config.rootpath

    @property
    def url(self) -> str | None:
        return self._value("drift_url") or os.environ.get("DATABASE_URL") or None

    @property
    def fail_on(self) -> str:
        value = self._value("drift_fail_on") or "must"
        if value not in FAIL_ON:
            raise pytest.UsageError(f"drift_fail_on: must be must, should or defer, "
                                    f"got {value!r}")
        return value

    @property
    def table_tests(self) -> bool:
        """The per-table tests: always with --drift-expected; with the ini key unless
        drift_table_tests = false."""
        if self.config.getoption("--drift-expected"):
            return True
        value = str(self.config.getini("drift_table_tests")).strip().lower()
        if value not in ("true", "false"):
            raise pytest.UsageError(f"drift_table_tests: must be true or false, got {value!r}")
        return value == "true"

    @property
    def scratch_url(self) -> str | None:
        return self._value("drift_scratch_url")


class DriftCheck:
    """The `drift_check` fixture: `drift_check(db)` asserts no drift, with the session's
    defaults for whatever is not passed; `drift_check.run(db)` returns the report."""

    def __init__(self, settings: Settings, markers: list[pytest.Mark] | None = None) -> None:
        self.settings = settings
        self.marked: dict[str, Any] = {}
        for marker in reversed(markers or []):  # the closest marker's keys win
            unknown = sorted(set(marker.kwargs) - {"expected", "url", "fail_on"})
            if unknown or marker.args:
                raise pytest.UsageError(
                    "@pytest.mark.drift takes expected=, url= and fail_on= only, got "
                    f"{', '.join(unknown) or 'positional arguments'}")
            self.marked.update(marker.kwargs)

    def _args(self, db: Any, expected: str | os.PathLike[str] | None,
              fail_on: str | None) -> tuple[Path, Any, str]:
        if expected is None and self.marked.get("expected") is not None:
            expected = self.settings.base / str(self.marked["expected"])
        db = db if db is not None else self.marked.get("url")
        fail_on = fail_on or self.marked.get("fail_on")
        path = Path(expected) if expected is not None else self.settings.expected
        if path is None:
            raise pytest.UsageError("drift_check: no expected schema: pass expected=... or "
                                    "set --drift-expected / the drift_expected ini key")
        target = db if db is not None else self.settings.url
        if target is None:
            raise pytest.UsageError("drift_check: no database: pass it, or set --drift-url, "
                                    "the drift_url ini key or $DATABASE_URL")
        return path, target, fail_on or self.settings.fail_on

    def run(self, db: Any = None, *, expected: str | os.PathLike[str] | None = None,
            fail_on: str | None = None, **kwargs: Any) -> DriftReport:
        path, target, level = self._args(db, expected, fail_on)
        kwargs.setdefault("scratch_url", self.settings.scratch_url)
        return run(path, target, fail_on=level, **kwargs)

    def __call__(self, db: Any = None, *, expected: str | os.PathLike[str] | None = None,
                 fail_on: str | None = None, **kwargs: Any) -> DriftReport:
        __tracebackhide__ = True
        path, target, level = self._args(db, expected, fail_on)
        kwargs.setdefault("scratch_url", self.settings.scratch_url)
        return assert_no_drift(path, target, level, **kwargs)


@pytest.fixture
def drift_check(request: pytest.FixtureRequest) -> DriftCheck:
    """Call it with your database (URL, psycopg connection, SQLAlchemy engine,
    testcontainers container): it fails the test when drift finds drift.
    `@pytest.mark.drift(expected=..., url=..., fail_on=...)` on the test, its class or
    module sets its defaults (the closest marker's keys win)."""
    return DriftCheck(Settings(request.config), list(request.node.iter_markers("drift")))


# --- one test per table -----------------------------------------------------------------

class DriftSchema(pytest.File):
    """The expected schema as a collector: one item per target table."""

    tables: set[tuple[str, str]] = set()

    def collect(self) -> Iterator[pytest.Item]:
        from drift.errors import DriftInputError
        from drift.sources import load_expected

        settings = Settings(self.config)
        try:
            catalog = load_expected(self.path, settings.scratch_url).catalog
        except DriftInputError as exc:
            raise pytest.UsageError(f"--drift-expected: {exc}") from None
        self.tables = set(catalog.tables)
        for schema, table in sorted(catalog.tables):
            yield DriftTable.from_parent(self, name=f"{schema}.{table}",
                                         schema=schema, table=table)
        yield DriftTable.from_parent(self, name=SCHEMA_LEVEL, schema=None, table=None)


class DriftTable(pytest.Item):
    """Fails when its table has a finding at or above fail-on."""

    def __init__(self, *, schema: str | None, table: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schema, self.table = schema, table
        self.add_marker("drift")

    def _report(self) -> DriftReport:
        """The one check of the session, run by the first table test; a problem (no
        database, unreachable, bad config) fails every table test with its one line."""
        cache = self.session.stash
        if _REPORT not in cache:
            settings = Settings(self.config)
            assert isinstance(self.parent, DriftSchema)
            try:
                if settings.url is None:
                    raise DriftFailure("drift: no database to check: set --drift-url, the "
                                       "drift_url ini key or $DATABASE_URL")
                cache[_REPORT] = run(self.parent.path, settings.url,
                                     fail_on=settings.fail_on, scratch_url=settings.scratch_url)
            except Exception as exc:
                from drift.errors import DriftInputError

                if not isinstance(exc, DriftInputError | DriftFailure):
                    raise
                cache[_REPORT] = DriftFailure(str(exc) if isinstance(exc, DriftFailure)
                                              else f"drift: error: {exc}")
        found = cache[_REPORT]
        if isinstance(found, DriftFailure):
            raise DriftFailure(str(found))
        return found

    def runtest(self) -> None:
        report = self._report()
        assert isinstance(self.parent, DriftSchema)
        tables = self.parent.tables
        if self.table is None:  # no table, or a table the target does not have
            scope = [f for f in report.findings
                     if not f.get("table") or (f["schema"], f["table"]) not in tables]
        else:
            scope = [f for f in report.findings
                     if f["schema"] == self.schema and f.get("table") == self.table]
        failing = report.failing
        mine = [f for f in scope if f in failing]
        if mine:
            raise DriftFailure(report.message(mine, scope))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, DriftFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"drift: {self.name}"


class DriftFailure(AssertionError):
    """A table with drift (reported without a traceback)."""


_REPORT = pytest.StashKey["DriftReport | DriftFailure"]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    settings = Settings(config)
    path = settings.expected
    if path is None or not settings.table_tests:
        return
    if not path.exists():
        raise pytest.UsageError(f"--drift-expected: {path}: no such file or directory")
    items.extend(DriftSchema.from_parent(session, path=path).collect())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "drift(expected=None, url=None, fail_on=None): the "
                            "drift_check fixture's defaults for this test; also marks the "
                            "per-table schema tests")
    settings = Settings(config)
    settings.fail_on  # noqa: B018  (a bad drift_fail_on stops the run at once)
    settings.table_tests  # noqa: B018
