"""`drift compare`: findings matched by identity, never message; new, fixed, changed and
blocker counts up/down; terminal and Markdown (under the limit); bad input one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drift import compare as cmp
from drift.cli import main
from drift.errors import DriftInputError
from tests.ci_reports import nft_report, synthetic_report


def _pair() -> tuple[dict, dict]:
    old, new = nft_report(), nft_report()
    fixed = new["findings"].pop(0)  # DR302 bingo_cells: fixed
    assert fixed["code"] == "DR302"
    added = dict(new["findings"][0], object="uq_brand_new", message="a new one")
    new["findings"].append(added)
    nulls = next(f for f in new["findings"] if f["code"] == "DR402")
    nulls["evidence"] = dict(nulls["evidence"], null_rows=30)
    nulls["message"] = nulls["message"].replace("22", "30")
    dups = next(f for f in new["findings"] if f["code"] == "DR401")
    dups["evidence"] = dict(dups["evidence"], duplicate_groups=1, duplicate_rows=2)
    renamed = next(f for f in new["findings"] if f["code"] == "DR301")
    renamed["priority"] = "must"
    return old, new


def test_compare_classifies_every_difference() -> None:
    old, new = _pair()
    c = cmp.compare(old, new)
    assert [f["object"] for f in c.added] == ["uq_brand_new"]
    assert [f["code"] for f in c.fixed] == ["DR302"]
    assert [(now["code"], d) for _, now, d in c.changed] == [("DR301", ["priority"])]
    assert [(f["code"], m) for f, m in c.up] == [("DR402", {"null_rows": (22, 30)})]
    assert [(f["code"], m) for f, m in c.down] == [
        ("DR401", {"duplicate_groups": (2, 1), "duplicate_rows": (4, 2)})]
    assert cmp.compare(old, old).added == [] and cmp.compare(old, old).changed == []


def test_terminal_and_markdown() -> None:
    c = cmp.compare(*_pair())
    out = cmp.render_terminal(c, "v1.json", "v2.json")
    assert out.splitlines()[1] == "new 1, fixed 1, changed 1; blocker counts up 1, down 1"
    assert "  DR402 public.prize_draw_results ownership_id: rows 22 -> 30" in out
    assert "  DR301 public.nft_definitions nfts: priority should -> must" in out
    md = cmp.render_markdown(c, "v1.json", "v2.json")
    assert "**1 new** · 1 fixed · 1 changed · blocker counts up 1, down 1" in md
    assert "| DR402 | `public.prize_draw_results` | `ownership_id` | rows 22 -\\> 30 |" in md


def test_markdown_of_thousands_stays_under_the_limit() -> None:
    c = cmp.compare(synthetic_report(0), synthetic_report(6000))
    md = cmp.render_markdown(c, "a", "b")
    assert len(c.added) == 6000 and len(md) < 65_000 and "more row(s) not shown" in md


def test_cli(tmp_path: Path) -> None:
    old, new = _pair()
    (tmp_path / "a.json").write_text(json.dumps(old))
    (tmp_path / "b.json").write_text(json.dumps(new))
    out = CliRunner().invoke(main, ["compare", str(tmp_path / "a.json"),
                                    str(tmp_path / "b.json"), "--markdown",
                                    str(tmp_path / "c.md")])
    assert out.exit_code == 0, out.output
    assert "new 1, fixed 1, changed 1" in out.output
    assert (tmp_path / "c.md").read_text().startswith("## drift compare")
    (tmp_path / "bad.json").write_text('{"tool": "other"}')
    out = CliRunner().invoke(main, ["compare", str(tmp_path / "a.json"),
                                    str(tmp_path / "bad.json")])
    assert out.exit_code == 2
    assert out.output.strip() == (f"drift: error: {tmp_path / 'bad.json'}: not a drift JSON "
                                  "report (drift check --json FILE)")


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(DriftInputError, match="no such file"):
        cmp.load(tmp_path / "none.json")
    (tmp_path / "x.json").write_text("{\n  oops")
    with pytest.raises(DriftInputError, match=r"x.json:2:3: invalid JSON"):
        cmp.load(tmp_path / "x.json")
