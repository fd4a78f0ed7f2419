"""Reference-model loaders. Each turns a source into a `Catalog`.

SQL and SQLAlchemy sources are materialised in a scratch database and read back by
the same catalog reader as the live side; a JSON snapshot is read directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from drift.errors import DriftInputError
from drift.model import Catalog
from drift.spec import Spec, load_spec

SOURCE_FILES = ("schema.sql", "models.py", "snapshot.json", "schema.prisma")


@dataclass(frozen=True)
class Expected:
    catalog: Catalog
    spec: Spec
    source: Path


def resolve(path: Path) -> tuple[Path, Path | None]:
    """The source file and the drift.toml beside it (if any)."""
    if not path.exists():
        raise DriftInputError(f"{path}: no such file or directory")
    if path.is_dir():
        for name in SOURCE_FILES:
            if (path / name).is_file():
                spec = path / "drift.toml"
                return path / name, spec if spec.is_file() else None
        raise DriftInputError(f"{path}: holds none of {', '.join(SOURCE_FILES)}")
    spec = path.parent / "drift.toml"
    return path, spec if spec.is_file() else None


def load_expected(path: Path, scratch_url: str | None = None,
                  schemas: tuple[str, ...] | None = None) -> Expected:
    source, spec_path = resolve(path)
    spec = load_spec(spec_path)
    if source.suffix == ".json":
        catalog = load_snapshot(source)
    elif source.suffix == ".sql":
        from drift.sources.sql import load_sql

        catalog = load_sql(source, scratch_url, schemas)
    elif source.suffix == ".py":
        from drift.sources.sqlalchemy import load_models

        catalog = load_models(source, scratch_url, schemas)
    elif source.suffix == ".prisma":
        from drift.sources.prisma import load_prisma

        catalog = load_prisma(source, scratch_url, schemas)
    else:
        raise DriftInputError(f"{source}: expected a .sql, .py, .prisma or .json source")
    return Expected(catalog=catalog, spec=spec, source=source)


def load_snapshot(path: Path) -> Catalog:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Catalog.from_dict(data)
    except json.JSONDecodeError as exc:
        raise DriftInputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise DriftInputError(f"{path}: not a drift snapshot: {exc}") from exc
