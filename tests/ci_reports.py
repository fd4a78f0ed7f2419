"""Reports for the CI-output tests: the NFT demo's real report, and synthetic ones of any
size made from it (every finding a copy of a real one, renamed, so each stays valid
against report.schema.json)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NFT_REPORT = ROOT / "tests" / "fixtures" / "ci" / "nft_report.json"
SCHEMAS = ROOT / "tests" / "schemas"


def nft_report() -> dict[str, Any]:
    """`drift demo`'s report (22 findings, 5 blockers), target and paths made stable."""
    return dict(json.loads(NFT_REPORT.read_text(encoding="utf-8")))


def synthetic_report(n: int) -> dict[str, Any]:
    """A report with `n` findings spread over n // 10 + 1 tables, copied from the demo's."""
    base = nft_report()
    findings = []
    for i in range(n):
        f = copy.deepcopy(base["findings"][i % len(base["findings"])])
        table = f"table_{i // 10:05d}"
        f["message"] = f["message"].replace(f["table"], table) + f" (#{i})"
        f["table"] = table
        f["object"] = f"{f['object']}_{i}" if f["object"] else f["object"]
        findings.append(f)
    report = copy.deepcopy(base)
    report["findings"] = findings
    blockers = sum(1 for f in findings if f["category"] == "data_blocker")
    by_priority = {p: sum(1 for f in findings if f["priority"] == p)
                   for p in ("must", "should", "defer")}
    by_category = {c: sum(1 for f in findings if f["category"] == c)
                   for c in base["summary"]["by_category"]}
    report["summary"].update(total=n, data_blockers=blockers, by_priority=by_priority,
                             by_category=by_category,
                             exit_code=(3 if blockers else 1) if n else 0)
    report["matrix"] = []
    return report
