"""Stable fingerprints of findings (and, later in this module, baselines of them).

A fingerprint is the finding's code, schema, target table, object and columns: never
its message, counts or samples, which change from run to run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def identity(f: dict[str, Any]) -> dict[str, Any]:
    """The fields that identify a finding across runs."""
    return {"code": f["code"], "schema": f["schema"], "table": f.get("table") or "",
            "object": f.get("object") or "", "columns": list(f.get("columns") or [])}


def fingerprint(f: dict[str, Any]) -> str:
    """A short hash of `identity(f)`; equal for the same finding in any run."""
    key = json.dumps(identity(f), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
