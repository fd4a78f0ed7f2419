"""Regenerate migrations/<system>/ from each worked example's legacy fixture.

Run after a change to the planner; tests fail while a committed revision differs from
what drift plans today. Usage: python scripts/regenerate_migrations.py [system ...]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from drift.check import run_check
from drift.demo import legacy_sql_path
from drift.plan import build_plan
from drift.render.alembic import write_revisions
from drift.scratch import embedded_url, scratch_database
from drift.sources.sql import apply_sql

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = {
    "nft_instances": legacy_sql_path(),
    "marketplace": ROOT / "tests/fixtures/marketplace/legacy.sql",
    "canonical_core": ROOT / "tests/fixtures/canonical_core/legacy.sql",
    "see_it_now": ROOT / "tests/fixtures/see_it_now/legacy.sql",
}


def regenerate(system: str, server: str) -> None:
    target = ROOT / "migrations" / system
    shutil.rmtree(target, ignore_errors=True)
    with scratch_database(server) as url:
        apply_sql(url, SYSTEMS[system])
        result = run_check(ROOT / "expected_schema" / system, url, scratch_url=server,
                           data=False)
        for rev in write_revisions(build_plan(result.findings, result.live,
                                              target=result.expected.catalog), target,
                                   message=system):
            print(f"{system}: {rev.path.relative_to(ROOT)}")


if __name__ == "__main__":
    server = embedded_url()
    for name in sys.argv[1:] or list(SYSTEMS):
        regenerate(name, server)
