"""drift: PostgreSQL schema-drift and migration verification."""

__version__ = "0.1.0"
