"""What the fake keeps of Elastic Load Balancing: load balancers, listeners, target groups and registered targets
(plain records, saved with the state; the behaviour is in :mod:`ecskit.backends.fake.targets`)."""

from __future__ import annotations

from typing import Any

import attrs

from ecskit.codec import from_api, to_api
from ecskit.models.elbv2 import Listener, LoadBalancer, TargetGroup

__all__ = ["LoadBalancing", "Target"]


@attrs.define
class Target:
    """One registered target and what its health is computed from."""

    id: str
    port: int
    task_arn: str
    zone: str | None
    #: virtual seconds when it was registered
    registered: float
    #: whether the application behind it answers the load balancer's check (decided when it registers)
    answers: bool = True
    #: virtual seconds when it was deregistered (None while registered)
    deregistered: float | None = None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return attrs.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Target:
        """The target :meth:`to_data` wrote."""
        return cls(**data)


@attrs.define
class LoadBalancing:
    """The load balancers, listeners and target groups of one account and Region, and their targets."""

    load_balancers: dict[str, LoadBalancer] = attrs.field(factory=dict)
    listeners: dict[str, Listener] = attrs.field(factory=dict)
    target_groups: dict[str, TargetGroup] = attrs.field(factory=dict)
    #: target group ARN -> targets (registered and draining)
    targets: dict[str, list[Target]] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data (models through the codec)."""
        return {
            "loadBalancers": [to_api(b) for b in self.load_balancers.values()],
            "listeners": [to_api(listener) for listener in self.listeners.values()],
            "targetGroups": [to_api(g) for g in self.target_groups.values()],
            "targets": {arn: [t.to_data() for t in found] for arn, found in self.targets.items()},
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LoadBalancing:
        """The state :meth:`to_data` wrote."""
        balancers = [from_api(b, LoadBalancer) for b in data.get("loadBalancers", [])]
        listeners = [from_api(b, Listener) for b in data.get("listeners", [])]
        groups = [from_api(g, TargetGroup) for g in data.get("targetGroups", [])]
        return cls(
            load_balancers={b.load_balancer_arn or "": b for b in balancers},
            listeners={b.listener_arn or "": b for b in listeners},
            target_groups={g.target_group_arn or "": g for g in groups},
            targets={a: [Target.from_data(t) for t in ts] for a, ts in data.get("targets", {}).items()},
        )
