"""A progress bar for long operator commands: drawn in place on a terminal, silent
otherwise (cron, pipes, tests), so commands print only their summary there."""
import sys
import time


class Progress:
    """Progress(total, label, stream): call .advance(n) as work gets done; .close() at the end."""

    WIDTH = 30

    def __init__(self, total: int | None, label: str = "", stream=None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.tty and (time.monotonic() - self._last > 0.1 or self.done == self.total):
            self._last = time.monotonic()
            self._draw()

    def _draw(self) -> None:
        if self.total:
            filled = int(self.WIDTH * min(self.done, self.total) / self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"\r{self.label} [{bar}] {self.done}/{self.total}"
        else:
            text = f"\r{self.label} {self.done}"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
