"""A check configured by pyproject.toml [tool.drift] finds what drift.toml finds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from drift.check import run_check
from drift.demo import legacy_sql_path
from drift.sources.sql import apply_sql

ROOT = Path(__file__).resolve().parents[2]
NFT = ROOT / "expected_schema" / "nft_instances"


def test_tool_drift_config_gives_the_same_findings(new_db: str, tmp_path: Path) -> None:
    apply_sql(new_db, legacy_sql_path())
    target = tmp_path / "app"
    target.mkdir()
    shutil.copy(NFT / "schema.sql", target / "schema.sql")
    text = (NFT / "drift.toml").read_text(encoding="utf-8")
    body = re.sub(r"^\[drift\]$", "[tool.drift]", text, flags=re.M)
    body = re.sub(r"^\[\[(\w+)\]\]$", r"[[tool.drift.\1]]", body, flags=re.M)
    (target / "pyproject.toml").write_text("[project]\nname = 'app'\n\n" + body,
                                           encoding="utf-8")

    def key(path: Path) -> list[tuple[str, str, str, str | None, int]]:
        result = run_check(path, new_db)
        return [(f.code, f.priority.value, f.table, f.object, f.evidence.get("null_rows", 0))
                for f in result.findings]

    with_pyproject = key(target)
    assert with_pyproject == key(NFT)
    codes = {k[0] for k in with_pyproject}
    # the declared rename (DR302, not a drop and an add) and the legacy unique (DR201)
    assert {"DR302", "DR201", "DR402"} <= codes and "DR222" not in codes
