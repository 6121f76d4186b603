"""Virtual time for the fake: nothing sleeps; tests move time forward with :meth:`VirtualClock.advance`."""

from __future__ import annotations

import datetime

__all__ = ["EPOCH", "VirtualClock"]

#: Where virtual time starts unless told otherwise: a fixed instant, so timestamps in docs and tests are stable.
EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


class VirtualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime.datetime = EPOCH) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock's start must be timezone-aware (e.g. datetime.UTC)")
        self._start = start
        self._elapsed = 0.0
        self._now = start  # time only moves in advance_to: compute the datetime there, not at every read

    def now(self) -> datetime.datetime:
        """The current virtual time."""
        return self._now

    @property
    def elapsed(self) -> float:
        """Seconds of virtual time since the start."""
        return self._elapsed

    def advance_to(self, elapsed: float) -> None:
        """Move to ``elapsed`` seconds after the start (never backwards)."""
        if elapsed < self._elapsed:
            raise ValueError("virtual time cannot go backwards")
        if elapsed != self._elapsed:
            self._elapsed = elapsed
            self._now = self._start + datetime.timedelta(seconds=elapsed)
