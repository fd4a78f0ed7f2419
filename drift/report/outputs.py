"""The CI outputs of `drift check`, each built from the one JSON report dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_ci_outputs(report: dict[str, Any], *, html_path: Path | None = None,
                     sarif_path: Path | None = None,
                     junit_path: Path | None = None) -> list[str]:
    """Write the requested files; the paths written, in order."""
    written = []
    if sarif_path:
        from drift.report import sarif

        sarif.write(sarif.build(report), sarif_path)
        written.append(str(sarif_path))
    if junit_path:
        from drift.report import junit

        junit.write(junit.build(report), junit_path)
        written.append(str(junit_path))
    return written
