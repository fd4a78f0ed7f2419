"""Catalog reader: a few bulk pg_catalog queries in one snapshot."""

from drift.inspect.reader import read_catalog

__all__ = ["read_catalog"]
