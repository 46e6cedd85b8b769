"""A small progress display for long commands: one line per step, with its time."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class Progress:
    def __init__(self, steps: int, stream=None, quiet: bool = False):
        self.steps, self.done = steps, 0
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.timings: dict[str, float] = {}
        self._notes: list[str] = []

    def _write(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text)
            self.stream.flush()

    @contextmanager
    def step(self, name: str):
        self.done += 1
        bar = "#" * self.done + "." * (self.steps - self.done)
        self._write(f"[{bar}] {self.done}/{self.steps} {name} ...")
        start = time.perf_counter()
        try:
            yield self
        except BaseException:
            self._write(" failed\n")
            for note in self._notes:
                self._write(f"      {note}\n")
            self._notes.clear()
            raise
        elapsed = time.perf_counter() - start
        self.timings[name] = elapsed
        self._write(f" {elapsed:.2f} s\n")
        for note in self._notes:
            self._write(f"      {note}\n")
        self._notes.clear()

    def note(self, text: str) -> None:
        """A detail of the current step, shown under its line when the step ends."""
        self._notes.append(text)
