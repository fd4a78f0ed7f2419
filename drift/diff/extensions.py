"""Extension versions: the live extension at another version than the target names.

A target that names no version (materialised at its server's default version) is
not compared: the scratch server's default says nothing about what the live server
should run. A named version the live server can reach from the installed one
(pg_extension_update_paths) is an `UpdateExtension` (the planner: ALTER EXTENSION
... UPDATE TO in expand, before the tables that may use what it adds, skipped once the
extension is there); one it cannot reach (not shipped there, or a downgrade) is
reported for a human.
"""

from __future__ import annotations

from drift import changes as ch
from drift.diff.context import Context
from drift.findings import Code, Finding


def compare_extension_versions(ctx: Context) -> None:
    for key, want in sorted(ctx.expected.objects.items()):
        have = ctx.live.objects.get(key)
        if have is None or not want.version_pinned:
            continue
        version, live_version = want.detail["version"], have.detail.get("version")
        if live_version is None or version == live_version:
            continue
        code = Code.EXTENSION_VERSION_MISMATCH
        reachable = version in have.detail.get("updates", [])
        changes: tuple[ch.Change, ...] = ()
        if reachable:
            changes = (ch.UpdateExtension(schema=want.schema, table="", name=want.name,
                                          version=version, old_version=live_version,
                                          reason=f"{code} {want.name}"),)
            how = f"; the plan updates it to {version}"
        else:
            how = (f"; the live server has no update path from {live_version} to {version}: "
                   "install that version there, or change it by hand")
        ctx.add(Finding(code=code, priority=ctx.priority(want.schema, want.name, want.name),
                        schema=want.schema, table="", object=want.name,
                        message=f"extension {want.name} is at version {live_version}, the "
                                f"target names {version}{how}",
                        evidence={"kind": "extension", "expected": version,
                                  "live": live_version,
                                  "live_updates": list(have.detail.get("updates", []))},
                        changes=changes))
