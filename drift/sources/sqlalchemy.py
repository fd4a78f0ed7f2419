"""A `models.py` source: SQLAlchemy metadata, created in a scratch database."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

import sqlalchemy as sa

from drift.db import normalize_url
from drift.errors import DriftInputError, at


def find_metadata(path: Path) -> sa.MetaData:
    """Import `path` and return its `metadata`, or the metadata of its declarative Base."""
    name = f"_drift_models_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise DriftInputError(f"{path}: cannot import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        line = frames[-1].lineno if frames else getattr(exc, "lineno", None)
        raise DriftInputError(f"{at(path, line)}: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.modules.pop(name, None)
    found = getattr(module, "metadata", None)
    if isinstance(found, sa.MetaData):
        return found
    for value in vars(module).values():
        meta = getattr(value, "metadata", None)
        if isinstance(value, type) and isinstance(meta, sa.MetaData):
            return meta
    raise DriftInputError(f"{path}: defines no SQLAlchemy MetaData (`metadata` or a Base)")


def build_models(path: Path, url: str) -> None:
    metadata = find_metadata(path)
    engine = sa.create_engine(normalize_url(url).replace("postgresql://",
                                                         "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            for schema in sorted({t.schema for t in metadata.tables.values() if t.schema}):
                conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
            metadata.create_all(conn)
    except sa.exc.SQLAlchemyError as exc:
        raise DriftInputError(f"{path}: cannot create the models: "
                              f"{str(exc.orig if hasattr(exc, 'orig') else exc).strip()}"
                              ) from exc
    finally:
        engine.dispose()
