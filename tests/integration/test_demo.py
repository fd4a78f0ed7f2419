"""`drift demo` as a newcomer runs it: its exit code is the one it prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_demo_exits_with_the_code_it_prints(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run = subprocess.run([sys.executable, "-m", "drift", "demo", "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, check=False, timeout=300)
    printed = re.findall(r"^result: .*\(fail-on must, exit (\d)\)$", run.stdout, re.MULTILINE)
    assert printed == ["3"], (run.stdout, run.stderr)
    # The legacy NFT database has drift and data blockers by design: exit 3, as printed.
    assert run.returncode == 3, (run.returncode, run.stdout, run.stderr)
    report = json.loads((out / "demo.json").read_text(encoding="utf-8"))
    assert report["summary"]["exit_code"] == run.returncode
    assert report["summary"]["data_blockers"] == 5
    assert (out / "demo.html").is_file()
