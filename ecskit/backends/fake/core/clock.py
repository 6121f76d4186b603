"""Virtual time for the fake: nothing sleeps; time moves when a test (or a waiter) moves it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from ecskit.backends.base import Clock
from ecskit.errors import UsageError

__all__ = ["EPOCH", "VirtualClock"]

#: Where virtual time starts unless told otherwise: a fixed instant, so timestamps in docs and tests are stable.
EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


class VirtualClock(Clock):
    """A clock that only moves when told to.

    The fake it drives binds it (:meth:`bind`): then :meth:`sleep` moves the fake on by that much virtual time,
    running everything that falls due (as :meth:`~ecskit.backends.fake.FakeBackend.advance` does), so code that
    waits through a backend's clock waits in virtual time.
    """

    def __init__(self, start: datetime.datetime = EPOCH) -> None:
        if start.tzinfo is None:
            raise UsageError("the clock's start must be timezone-aware (e.g. datetime.UTC)")
        self._start = start
        self._elapsed = 0.0
        self._now = start  # time only moves in advance_to: compute the datetime there, not at every read
        self._advance: Callable[[float], None] | None = None

    def bind(self, advance: Callable[[float], None]) -> None:
        """Make :meth:`sleep` call ``advance`` (the fake's). A clock drives one fake only."""
        if self._advance is not None and self._advance != advance:
            raise UsageError("this VirtualClock already drives another FakeBackend: give each fake its own clock")
        self._advance = advance

    @property
    def start(self) -> datetime.datetime:
        """Where the clock started."""
        return self._start

    def now(self) -> datetime.datetime:
        """The current virtual time."""
        return self._now

    @property
    def elapsed(self) -> float:
        """Seconds of virtual time since the start."""
        return self._elapsed

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass: the bound fake runs what falls due (an unbound clock just moves)."""
        if seconds < 0:
            raise UsageError(f"cannot wait a negative time ({seconds} seconds)")
        if self._advance is not None:
            self._advance(seconds)
        else:
            self.advance_to(self._elapsed + seconds)

    def advance_to(self, elapsed: float) -> None:
        """Move to ``elapsed`` seconds after the start (never backwards)."""
        if elapsed < self._elapsed:
            raise UsageError("virtual time cannot go backwards")
        if elapsed != self._elapsed:
            self._elapsed = elapsed
            self._now = self._start + datetime.timedelta(seconds=elapsed)
