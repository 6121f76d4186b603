"""Fault injection for the fake: image pull failures, containers that exit (crash loops), failing health checks.

Faults are rules matched against a container's image (exact, or a glob such as ``"registry/app:*"``); each applies
to every matching container from then on, or to the next ``times`` of them. Give them to the fake when making it, or
add them at any time; the methods return the :class:`Faults` itself so they chain:

>>> from ecskit.backends.fake import FakeBackend, Faults
>>> fake = FakeBackend(faults=Faults().fail_pull("nginx:nope").crash("worker:1", exit_code=137, after_seconds=20))
>>> fake.faults.crash("flaky:2", exit_code=1, after_seconds=5, times=3).unhealthy("api:3")
Faults(4 rules)

What each does to a task (see :mod:`ecskit.backends.fake.engine.lifecycle` for the timings):

* :meth:`Faults.fail_pull`: the pull fails at the end of the task's PENDING pull; the container's ``reason`` and the
  task's ``stoppedReason`` carry ``CannotPullContainerError: ...``, ``stopCode`` is ``TaskFailedToStart``.
* :meth:`Faults.crash`: the container exits with ``exit_code`` ``after_seconds`` after it started. An essential
  container's exit stops the task (``EssentialContainerExited``, "Essential container in task exited"); a
  non-essential one just stops (and releases the containers waiting on it with COMPLETE / SUCCESS).
* :meth:`Faults.unhealthy`: a container with a ``healthCheck`` turns UNHEALTHY after ``startPeriod + interval *
  retries`` seconds instead of HEALTHY after ``interval``.

Faults are thread-safe and saved with the fake (:meth:`~ecskit.backends.fake.FakeBackend.save`).
"""

from __future__ import annotations

import fnmatch
import threading
from collections.abc import Iterable

import attrs

from ecskit.errors import UsageError

__all__ = ["ContainerExit", "FaultRule", "Faults"]

PULL, EXIT, UNHEALTHY = "pull", "exit", "unhealthy"


@attrs.frozen(kw_only=True)
class ContainerExit:
    """When and how a container exits: ``exit_code`` after ``after_seconds`` of running."""

    exit_code: int
    after_seconds: float


@attrs.define(kw_only=True)
class FaultRule:
    """One declared fault: what it does (``pull``, ``exit``, ``unhealthy``) to containers of which image."""

    kind: str
    image: str
    #: How many more containers the rule applies to (None: all).
    times: int | None = None
    exit_code: int = 1
    after_seconds: float = 0.0
    reason: str | None = None


def _check_times(times: int | None) -> None:
    if times is not None and times < 1:
        raise UsageError(f"times must be at least 1 (or None for every matching container), not {times}")


class Faults:
    """The faults a fake injects (see the module's documentation)."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Faults({len(self._rules)} rules)"

    def fail_pull(self, image: str, *, times: int | None = None, reason: str | None = None) -> Faults:
        """Pulling ``image`` fails (for the next ``times`` containers; all when None). ``reason`` replaces the
        default text that follows ``CannotPullContainerError:`` in the container's and the task's reason."""
        _check_times(times)
        return self._add(FaultRule(kind=PULL, image=image, times=times, reason=reason))

    def crash(self, image: str, *, exit_code: int = 1, after_seconds: float = 5.0, times: int | None = None) -> Faults:
        """Containers of ``image`` exit with ``exit_code`` ``after_seconds`` after starting (for the next ``times``
        containers; all when None: a crash loop)."""
        _check_times(times)
        if after_seconds < 0:
            raise UsageError("after_seconds must not be negative")
        return self._add(
            FaultRule(kind=EXIT, image=image, times=times, exit_code=exit_code, after_seconds=float(after_seconds))
        )

    def unhealthy(self, image: str, *, times: int | None = None) -> Faults:
        """Containers of ``image`` fail their health check (for the next ``times`` containers; all when None)."""
        _check_times(times)
        return self._add(FaultRule(kind=UNHEALTHY, image=image, times=times))

    def clear(self) -> Faults:
        """Remove every fault."""
        with self._lock:
            self._rules.clear()
        return self

    def _add(self, rule: FaultRule) -> Faults:
        with self._lock:
            self._rules.append(rule)
        return self

    def _take(self, kind: str, image: str) -> FaultRule | None:
        """The first rule of ``kind`` matching ``image``, counted as used once."""
        if not self._rules:  # the usual case, asked for every container: no lock needed to see nothing
            return None
        with self._lock:
            for rule in self._rules:
                if rule.kind == kind and (rule.image == image or fnmatch.fnmatchcase(image, rule.image)):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times == 0:
                            self._rules.remove(rule)
                    return rule
        return None

    # What the lifecycle asks, once per container (each answer uses up one ``times`` of the rule).

    def pull_failure(self, image: str) -> str | None:
        """The ``CannotPullContainerError`` reason when pulling ``image`` fails, else None."""
        rule = self._take(PULL, image)
        if rule is None:
            return None
        detail = rule.reason or (
            f"pull image manifest has been retried 5 time(s): failed to resolve ref {image}: {image}: not found"
        )
        return f"CannotPullContainerError: {detail}"

    def exit_of(self, image: str) -> ContainerExit | None:
        """When a container of ``image`` exits by itself, else None (it runs until stopped)."""
        rule = self._take(EXIT, image)
        return ContainerExit(exit_code=rule.exit_code, after_seconds=rule.after_seconds) if rule else None

    def is_unhealthy(self, image: str) -> bool:
        """Whether a container of ``image`` fails its health check."""
        return self._take(UNHEALTHY, image) is not None

    @property
    def rules(self) -> tuple[FaultRule, ...]:
        """The rules, in the order they were added (a snapshot of the fake keeps them)."""
        with self._lock:
            return tuple(self._rules)

    @classmethod
    def of(cls, rules: Iterable[FaultRule]) -> Faults:
        """Faults holding ``rules`` (as :attr:`rules` gave them)."""
        faults = cls()
        faults._rules = list(rules)
        return faults
