"""Markdown summary: verdict and counts first, the findings that fail the run and the
data blockers with samples, a link to the HTML; always under 65,000 characters, with a
note for what was left out; table cells cannot be broken by hostile text."""

from __future__ import annotations

import copy
import re

import pytest

from drift.report import markdown
from tests.ci_reports import nft_report, synthetic_report

ROW = re.compile(r"^\| ")


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def _rows(md: str, heading: str) -> list[str]:
    part = md.split(heading, 1)[1].split("\n### ", 1)[0]
    return [line for line in part.splitlines() if ROW.match(line) and "---" not in line][1:]


def test_demo_summary_reads_top_down() -> None:
    md = markdown.build(nft_report(), html="reports/drift.html",
                        run_url="https://github.com/o/r/actions/runs/7")
    lines = md.splitlines()
    assert lines[0] == "## drift: ❌ DRIFT with data blockers"
    assert lines[2].startswith("**22 findings** (must 13 · should 9 · defer 0) · "
                               "**5 data blockers** · fail-on `must` · exit 3")
    assert md.index("### Must fix") < md.index("### Data blockers") < md.index("Full report")
    must = _rows(md, "### Must fix: 8 finding(s) at or above `must` (data blockers below)")
    assert len(must) == 8 and all(" must | " in r for r in must)
    blockers = _rows(md, "### Data blockers: 5")
    assert len(blockers) == 5
    assert ("| must | DR401 | `public.nft_instances` | `uq_nft_instances_unique_nft_id` | "
            "3 groups (7 rows) | `unique_nft_id=NFT003-bbee2789599d` ×3;") in md
    assert "| 22 rows | `id=4`; `id=8`; `id=12` |" in md
    assert "9 other finding(s)" in md
    assert ("Full report: [reports/drift.html](reports/drift.html) (kept as an artifact of "
            "[this run](https://github.com/o/r/actions/runs/7))") in md
    assert "table `public.user_nft_ownership`" in md  # the live name of nft_instances
    assert "***" in md and "postgresql://drift:***@db.example.com" in md


def test_clean_report_says_ok() -> None:
    report = synthetic_report(0)
    md = markdown.build(report)
    assert md.startswith("## drift: ✅ OK\n")
    assert "### Must fix" not in md and "### Data blockers" not in md
    assert "drift check --html FILE" in md


@pytest.mark.parametrize("n", [0, 22, 500, 5000])
def test_always_under_the_limit(n: int) -> None:
    report = synthetic_report(n)
    md = markdown.build(report, html="r.html")
    assert len(md) < 65_000
    blockers = [f for f in report["findings"] if f["category"] == "data_blocker"]
    if blockers:
        shown = len(_rows(md, f"### Data blockers: {len(blockers)}"))
        assert shown > 0  # never crowded out by the findings
        note = re.search(r"\*\*(\d+) more row\(s\) not shown\*\*",
                         md.split("### Data blockers", 1)[1])
        assert shown + (int(note.group(1)) if note else 0) == len(blockers)
    assert md.rstrip().endswith("The JSON report has every field.")


def test_pathological_cells_stay_under_the_limit() -> None:
    report = synthetic_report(2000)
    for f in report["findings"]:
        f["message"] = "x" * 50_000
        f["object"] = "o" * 5_000
        for s in f["evidence"].get("samples", []):
            s["key"] = {"k" * 300: "v" * 3_000}
    md = markdown.build(report, html="h" * 10_000)
    assert len(md) < 65_000
    assert "more row(s) not shown" in md


def test_small_limit_truncates_with_a_note() -> None:
    md = markdown.build(nft_report(), limit=4_000)
    assert len(md) < 4_000
    notes = [int(n) for n in re.findall(r"\*\*(\d+) more row\(s\) not shown\*\*", md)]
    assert notes and sum(notes) + len(_rows(md, "### Must fix")) + len(
        _rows(md, "### Data blockers")) == 13


def test_hostile_text_cannot_break_the_table() -> None:
    report = nft_report()
    f = report["findings"][1]
    f["message"] = "a | b\n| c | <script>alert(1)</script> `x` **y** [z](http://e)"
    f["object"] = "uq`|`x"
    md = markdown.build(report)
    row = next(line for line in md.splitlines() if "alert" in line)
    assert _unescaped_pipes(row) == 7  # six cells, exactly as the header
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[z](http" not in md


def test_baselined_findings_are_not_must_fix() -> None:
    report = nft_report()
    for f in report["findings"]:
        f["baseline"] = {"state": "baselined"}
    report2 = copy.deepcopy(report)
    md = markdown.build(report2)
    assert "### Must fix" not in md
    assert "### Data blockers: 5" in md  # still shown: they block the migration
