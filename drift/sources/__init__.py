"""Reference-model loaders. Each turns a source into a `Catalog`.

SQL and SQLAlchemy sources are materialised in a scratch database and read back by
the same catalog reader as the live side; a JSON snapshot is read directly.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
from psycopg import sql as pgsql  # (drift.sources.sql is this package's `sql`)
from psycopg.errors import FeatureNotSupported

from drift.db import connect, read_only_snapshot
from drift.errors import DriftInputError, at
from drift.inspect import read_catalog
from drift.inspect.reader import read_privileges, schema_names
from drift.model import Catalog
from drift.scratch import scratch_database
from drift.sources.snapshot import load_snapshot
from drift.sources.sql import apply_sql, build_sql
from drift.spec import PYPROJECT, Spec, has_tool_drift, key_path, load_spec, locate

SOURCE_FILES = ("schema.sql", "models.py", "snapshot.json", "schema.prisma")


@dataclass(frozen=True)
class Expected:
    catalog: Catalog
    spec: Spec
    source: Path
    notes: tuple[str, ...] = ()  # what drift did on the scratch server to build it


def resolve(path: Path) -> tuple[Path, Path | None]:
    """The source file and its config beside it (if any): drift.toml, or the [tool.drift]
    table of a pyproject.toml. Both at once is bad input: one config, no merging."""
    if not path.exists():
        raise DriftInputError(f"{path}: no such file or directory")
    if path.is_dir():
        for name in SOURCE_FILES:
            if (path / name).is_file():
                return path / name, config_beside(path)
        raise DriftInputError(f"{path}: holds none of {', '.join(SOURCE_FILES)}")
    return path, config_beside(path.parent)


def config_beside(directory: Path) -> Path | None:
    """drift.toml or pyproject.toml [tool.drift] in `directory`, or None."""
    toml = directory / "drift.toml"
    pyproject = directory / PYPROJECT
    found = [p for p in (toml,) if p.is_file()]
    if pyproject.is_file() and has_tool_drift(pyproject):
        found.append(pyproject)
    if len(found) == 2:
        raise DriftInputError(f"{directory}: both drift.toml and pyproject.toml [tool.drift] "
                              "configure drift; keep one of them")
    return found[0] if found else None


def load_expected(path: Path, scratch_url: str | None = None,
                  schemas: tuple[str, ...] | None = None) -> Expected:
    with materialised(path, scratch_url, schemas) as (expected, _):
        return expected


@contextlib.contextmanager
def materialised(path: Path, scratch_url: str | None = None,
                 schemas: tuple[str, ...] | None = None
                 ) -> Iterator[tuple[Expected, str | None]]:
    """The target, and the URL of the scratch database that holds it (None for a
    snapshot) until the block ends (so live definitions can be re-printed there)."""
    source, spec_path = resolve(path)
    spec = load_spec(spec_path)
    if source.suffix == ".json":
        catalog = load_snapshot(source)
        scope = spec.scope(schemas, list(catalog.schemas))
        if scope is not None:  # drift.toml's or the command line's schemas
            catalog = replace(
                catalog, schemas=scope,
                tables={k: t for k, t in catalog.tables.items() if k[0] in scope},
                objects={k: o for k, o in catalog.objects.items() if o.schema in scope})
        yield Expected(catalog=catalog, spec=spec, source=source), None
        return
    build = _builder(source)
    extras = [source.parent / name for name in spec.extra_sql]
    for extra in extras:
        if not extra.is_file():
            line = locate(spec_path.read_text(encoding="utf-8"),
                          key_path(spec_path, ("drift", "extra_sql"))) \
                if spec_path else None
            raise DriftInputError(f"{at(spec_path, line)}: extra_sql {extra} does not exist")
    roles: list[str] = []  # created on drift's own scratch server, for the target's GRANTs
    while True:
        with scratch_database(scratch_url) as url:
            try:
                if source.suffix == ".sql":  # privilege statements only when compared
                    build_sql(source, url, privileges=spec.compare_privileges)
                else:
                    build(source, url)
                for extra in extras:
                    apply_sql(url, extra, privileges=spec.compare_privileges)
            except DriftInputError as exc:
                role = missing_role(exc)
                if role is not None and scratch_url is None and len(roles) < MAX_ROLES:
                    create_role(url, role)  # then build again, in a new database
                    roles.append(role)
                    continue
                if role is not None and scratch_url is not None:
                    raise DriftInputError(f"{exc} (drift creates no role on a --scratch-url "
                                          "server: create it there, or leave out "
                                          "--scratch-url)") from exc
                if scratch_url is None and isinstance(exc.__cause__, FeatureNotSupported):
                    # e.g. "ICU is not supported in this build": the embedded server has no ICU
                    raise DriftInputError(f"{exc} (on the default scratch server; pass "
                                          "--scratch-url to a PostgreSQL that has it)") from exc
                raise
            with read_only_snapshot(url) as conn:
                scope = spec.scope(schemas, schema_names(conn))  # drift.toml's schemas
                catalog = read_catalog(conn, scope)
                if spec.compare_privileges:
                    catalog = replace(catalog, privileges=read_privileges(
                        conn, scope or catalog.schemas))
            catalog = with_settled_checks(catalog, url, scope)
            notes = (f"the target grants to or names roles the scratch server lacked: drift "
                     f"created them there, NOLOGIN ({', '.join(roles)})",) if roles else ()
            yield Expected(catalog=catalog, spec=spec, source=source, notes=notes), url
            return


# At most this many roles are created on the scratch server for one target.
MAX_ROLES = 200
_MISSING_ROLE = re.compile(r'role "((?:[^"]|"")+)" does not exist')


def missing_role(exc: BaseException) -> str | None:
    """The role a failed build names as missing, if that is why it failed."""
    found = _MISSING_ROLE.search(str(exc))
    return found.group(1).replace('""', '"') if found else None


def create_role(url: str, role: str) -> None:
    """A NOLOGIN role on drift's own scratch server (an existing one is fine)."""
    with connect(url, autocommit=True) as conn:
        try:
            conn.execute(pgsql.SQL("CREATE ROLE {} NOLOGIN").format(pgsql.Identifier(role)))
        except psycopg.errors.DuplicateObject:
            pass


_SETTLE = """DO $drift_settle$
DECLARE r record;
BEGIN
  FOR r IN SELECT con.conrelid::regclass AS rel, con.conname, pg_get_constraintdef(con.oid) AS def
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           WHERE con.contype = 'c' AND con.conislocal AND c.relkind IN ('r', 'p')
             AND c.relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema')
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I, ADD CONSTRAINT %I %s',
                   r.rel, r.conname, r.conname, r.def);
  END LOOP;
END $drift_settle$"""


def with_settled_checks(catalog: Catalog, url: str,
                        schemas: tuple[str, ...] | None) -> Catalog:
    """Re-create every CHECK in the scratch copy from its own definition and record
    where PostgreSQL's printing moves (the scratch database is ours to change)."""
    with connect(url, autocommit=True) as conn:
        conn.execute(_SETTLE)
    with read_only_snapshot(url) as conn:
        settled = read_catalog(conn, schemas, depends=False)  # its CHECKs' texts only
    tables = {}
    for key, table in catalog.tables.items():
        other = settled.tables.get(key)
        constraints = []
        for con in table.constraints:
            twin = other.constraint(con.name) if other else None
            if twin is not None and twin.check_expr != con.check_expr:
                con = replace(con, check_settled=twin.check_expr)
            constraints.append(con)
        tables[key] = replace(table, constraints=tuple(constraints))
    return replace(catalog, tables=tables)


def _builder(source: Path) -> Callable[[Path, str], None]:
    """What materialises each source kind in an empty scratch database."""
    if source.suffix == ".sql":
        return build_sql
    if source.suffix == ".py":
        from drift.sources.sqlalchemy import build_models

        return build_models
    if source.suffix == ".prisma":
        from drift.sources.prisma import build_prisma, parse_file

        parse_file(source)  # a syntax error is reported before any server starts
        return build_prisma
    raise DriftInputError(f"{source}: expected a .sql, .py, .prisma or .json source")
