"""What the fake sends to EventBridge: each event as AWS delivers it (the envelope's members and the service's
``detail``), kept per account and Region in the order it happened."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import attrs

__all__ = ["BusEvent", "event_id"]


@attrs.define(kw_only=True)
class BusEvent:
    """One EventBridge event (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html)."""

    id: str
    #: ``detail-type``, e.g. ``ECS Task State Change``, ``ECR Image Action``
    detail_type: str
    #: ``source``, e.g. ``aws.ecs``, ``aws.ecr``
    source: str
    account: str
    time: datetime.datetime
    region: str
    resources: tuple[str, ...] = ()
    #: the service's own part, as JSON data
    detail: dict[str, Any] = attrs.field(factory=dict)
    version: str = "0"

    def envelope(self) -> dict[str, Any]:
        """The event as EventBridge delivers it to a target (JSON data, wire names)."""
        return {
            "version": self.version,
            "id": self.id,
            "detail-type": self.detail_type,
            "source": self.source,
            "account": self.account,
            "time": self.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self.region,
            "resources": list(self.resources),
            "detail": self.detail,
        }


def event_id(seed: int, n: int) -> str:
    """The id of the ``n``-th event of a fake: a UUID of its own sequence, so sending events never changes the ids of
    tasks and other resources."""
    h = hashlib.sha256(f"{seed}:event:{n}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:32]}"
