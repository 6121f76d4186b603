"""The fake's events, for tests: what ECS and ECR sent to EventBridge (:meth:`FakeEvents.sent`), callbacks called as
they are sent (:meth:`FakeEvents.subscribe`), and what the targets of EventBridge rules received
(:meth:`FakeEvents.delivered`). ``FakeBackend().events`` is one, for the view's account and Region.

>>> from ecskit.backends.fake import FakeBackend
>>> from ecskit.models.ecr import CreateRepositoryRequest
>>> fake = FakeBackend()
>>> events = fake.client("events")
>>> rule = events.put_rule(Name="pushes", EventPattern='{"source": ["aws.ecr"], "detail": {"action-type": ["PUSH"]}}')
>>> _ = events.put_targets(Rule="pushes", Targets=[{"Id": "q", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}])
>>> _ = fake.ecr.create_repository(CreateRepositoryRequest(repository_name="web"))
>>> fake.events.delivered("arn:aws:sqs:us-east-1:123456789012:q")
[]

**Why EventBridge is served on dicts.** ``fake.client(service)`` serves ECS, ECR and ECR Public through ecskit's
typed models (one handler per operation, registered on its request class). ecskit does not model EventBridge, and
modelling it to serve twelve operations would add a whole generated service to the library for the fake's sake. So
``fake.client("events")`` is the same real boto3 client, served in-process the same way
(:mod:`~ecskit.backends.fake.boto`), but its calls go to a small dispatcher on the API's own dicts
(:mod:`~ecskit.backends.fake.engine.eventbridge`), after botocore has checked their parameters against its model;
the typed architecture of the modelled services is untouched.

**Subscribers** are called synchronously and in order, at the points where the fake is consistent: when the call
that sent their events returns (before it returns to the caller), and after each step of virtual time while it
advances; so a callback may call the fake (its own events go to the subscribers after it returns), but should not
advance time. A callback that raises does not stop the fake, nor the other subscribers: its exception is raised from
the call (or ``advance``) that sent the event, once that call is done and the fake consistent; the call's effects
stand.
"""

from __future__ import annotations

import copy
import datetime
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ecskit.backends.fake.core.bus import BusEvent, Subscription
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.region import World
from ecskit.backends.fake.engine.bus import flush, notify, raise_errors
from ecskit.backends.fake.engine.eventbridge import serve
from ecskit.eventbridge import EventPattern, read_pattern

__all__ = ["FakeEvents", "after_call"]


def _names(given: str | Iterable[str] | None) -> frozenset[str] | None:
    if given is None:
        return None
    return frozenset((given,) if isinstance(given, str) else given)


def after_call(world: World) -> None:
    """What a call (or an advance of time) does last: give the subscribers their events, then raise what a callback
    raised."""
    relay = world.relay
    if relay.subscriptions:
        notify(world)
    if relay.errors:
        raise_errors(world)


class FakeEvents:
    """The EventBridge events of one account and Region of a fake (``FakeBackend().events``)."""

    def __init__(self, env: Env, lock: threading.RLock) -> None:
        self._env = env
        self._lock = lock

    def _events(self) -> list[BusEvent]:
        flush(self._env.world)
        return self._env.state.bus

    def sent(
        self,
        *,
        source: str | Iterable[str] | None = None,
        detail_type: str | Iterable[str] | None = None,
        since: datetime.datetime | None = None,
        until: datetime.datetime | None = None,
        pattern: str | Mapping[str, Any] | EventPattern | None = None,
    ) -> list[dict[str, Any]]:
        """The events sent in this account and Region, in the order they were sent, as EventBridge delivers them
        (JSON data: ``version``, ``id``, ``detail-type``, ``source``, ``account``, ``time``, ``region``,
        ``resources``, ``detail``): those of ``source`` and ``detail_type`` (a name or several), sent at or after
        ``since`` and before ``until``, that match ``pattern`` (an EventBridge event pattern) when given. Each call
        returns new copies."""
        sources, kinds = _names(source), _names(detail_type)
        wanted = read_pattern(pattern) if isinstance(pattern, str | Mapping) else pattern
        with self._lock:
            found = []
            for event in self._events():
                if sources is not None and event.source not in sources:
                    continue
                if kinds is not None and event.detail_type not in kinds:
                    continue
                if (since is not None and event.time < since) or (until is not None and event.time >= until):
                    continue
                envelope = event.envelope()
                if wanted is not None and not wanted.matches(envelope):
                    continue
                found.append(copy.deepcopy(envelope))
            return found

    def subscribe(
        self,
        callback: Callable[[dict[str, Any]], object],
        *,
        source: str | Iterable[str] | None = None,
        detail_type: str | Iterable[str] | None = None,
    ) -> Subscription:
        """Call ``callback`` with each event sent from now on in this account and Region (of ``source`` and
        ``detail_type`` when given), as :meth:`sent` shows it; see the module docstring for when. Returns the
        subscription: ``cancel()`` it to stop."""
        env = self._env
        subscription = Subscription(
            callback=callback,
            account=env.account,
            region=env.region,
            sources=_names(source),
            detail_types=_names(detail_type),
        )
        with self._lock:
            flush(env.world)  # events sent before are not its own
            env.world.relay.subscriptions.append(subscription)
        return subscription

    def delivered(self, target_arn: str) -> list[Any]:
        """What the target ``target_arn`` of this account and Region's rules received, in order: each event a rule
        matched, as its target's input settings made it (the event itself by default)."""
        with self._lock:
            flush(self._env.world)
            return copy.deepcopy(self._env.state.eventbridge.delivered.get(target_arn, []))

    def serve(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Serve one EventBridge operation (``PutRule``, ...) on its request's dict, as ``fake.client("events")``
        does; ecskit exceptions with EventBridge's codes on refusal."""
        with self._lock:
            answer = serve(self._env, operation, params)
            after_call(self._env.world)
            return answer
