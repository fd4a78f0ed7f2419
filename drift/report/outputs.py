"""The CI outputs of `drift check`, each built from the one JSON report dict."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def write_ci_outputs(report: dict[str, Any], *, html_path: Path | None = None,
                     sarif_path: Path | None = None,
                     junit_path: Path | None = None,
                     markdown_path: Path | None = None) -> list[str]:
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
    if markdown_path:
        from drift.report import markdown

        text = markdown.build(report, html=str(html_path) if html_path else None,
                              run_url=github_run_url())
        markdown.write(text, markdown_path)
        written.append(str(markdown_path))
    return written


def github_run_url() -> str | None:
    """The GitHub Actions run's page, where artifacts such as the HTML report are kept."""
    server, repo, run = (os.environ.get(k) for k in
                         ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if server and repo and run and run.isdigit():
        return f"{server.rstrip('/')}/{repo}/actions/runs/{run}"
    return None
