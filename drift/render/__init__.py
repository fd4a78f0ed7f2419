"""Renderers: a plan as plain SQL for psql, or as Alembic revisions."""
