"""Progress of long data checks, on stderr, only when stderr is a terminal.

A check that runs longer than `after` seconds (2 by default; $DRIFT_PROGRESS_AFTER
sets it, 0 shows every check at once) gets a tqdm line: which table and check, the
table's row estimate (`pg_class.reltuples`), and the time elapsed. PostgreSQL does
not report how far an aggregate query has read, so there is no "rows done" figure:
the elapsed time counts up next to the estimate. When stderr is not a terminal,
nothing is written at all, and stdout is never touched.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # imported when a line is first shown: most runs show none
    from tqdm import tqdm

AFTER = 2.0  # seconds a check runs before its progress line appears


def _after() -> float:
    try:
        return float(os.environ.get("DRIFT_PROGRESS_AFTER", AFTER))
    except ValueError:
        return AFTER


class Progress:
    def __init__(self, stream: IO[str] | None = None, after: float | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.after = _after() if after is None else after
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self._lock = threading.Lock()
        self._slots: set[int] = set()

    @contextlib.contextmanager
    def task(self, label: str, rows: int | None = None) -> Iterator[None]:
        """Show `label` (with `rows`, the table's estimate) while the block runs, once
        it has run `after` seconds."""
        if not self.enabled:
            yield
            return
        done = threading.Event()
        text = label + (f" (~{rows:,} rows, estimate)" if rows is not None else "")
        ticker = threading.Thread(target=self._show, args=(text, done), daemon=True)
        if self.after <= 0:
            bar, slot = self._open(text)
            try:
                yield
            finally:
                self._close(bar, slot)
            return
        ticker.start()
        try:
            yield
        finally:
            done.set()
            ticker.join()

    def _show(self, text: str, done: threading.Event) -> None:
        if done.wait(self.after):
            return
        bar, slot = self._open(text)
        try:
            while not done.wait(0.5):
                bar.refresh()
        finally:
            self._close(bar, slot)

    def _open(self, text: str) -> tuple[tqdm, int]:
        from tqdm import tqdm

        with self._lock:
            slot = next(i for i in range(len(self._slots) + 1) if i not in self._slots)
            width, height = self._size()
            self._slots.add(slot)
            bar = tqdm(file=self.stream, desc=text, position=slot, leave=False,
                       bar_format="{desc}: {elapsed} elapsed", ncols=width, nrows=height)
            bar.refresh()
        return bar, slot

    def _size(self) -> tuple[int, int]:
        """The terminal's columns and lines; 120 x 24 where it says 0 (a pty nobody
        sized), which tqdm would take for a terminal too small to show anything."""
        try:
            size = os.get_terminal_size(self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            return 120, 24
        return size.columns or 120, size.lines or 24

    def _close(self, bar: tqdm, slot: int) -> None:
        with self._lock:
            bar.close()
            self._slots.discard(slot)
