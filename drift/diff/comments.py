"""Table and column comments: COMMENT ON in cleanup, in target names (after renames).

Compared for every target table, including the ones the plan creates and the columns
it adds (their comments are set once they exist), so a commented new table converges.
"""

from __future__ import annotations

from drift import changes as ch
from drift.diff.context import Context
from drift.findings import Code, Finding
from drift.spec import Priority


def compare_comments(ctx: Context) -> None:
    for key, table in sorted(ctx.expected.tables.items()):
        pair = ctx.pairs.get(key)
        live = pair.live if pair else None
        wanted: list[tuple[str | None, str | None, str | None]] = [
            (None, table.comment, live.comment if live else None)]
        for col in table.columns:
            have = pair.live_column_named(pair.live_column(col.name)) if pair else None
            wanted.append((col.name, col.comment, have.comment if have else None))
        for column, text, old in wanted:
            if text == old:
                continue
            where = f"{table.name}.{column}" if column else table.name
            code = Code.COMMENT_MISMATCH
            ctx.add(Finding(
                code=code, priority=ctx.priority(key[0], key[1], column, Priority.DEFER),
                schema=key[0], table=key[1], object=column, columns=(column,) if column else (),
                message=f"comment on {where} is {old!r}, target is {text!r}",
                evidence={"expected": text, "live": old},
                changes=(ch.SetComment(schema=key[0], table=key[1], column=column, text=text,
                                       old=old, reason=f"{code} {where}"),)))
