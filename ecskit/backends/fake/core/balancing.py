"""The fake's records of Elastic Load Balancing, as far as ECS services use it: declared load balancers, listeners
and target groups (ecskit's ELBv2 models), and the targets ECS registers (with what their health is computed
from)."""

from __future__ import annotations

import attrs

from ecskit.models.elbv2 import Listener, LoadBalancer, TargetGroup

__all__ = ["Balancing", "Target"]


@attrs.define(kw_only=True)
class Target:
    """One registered target."""

    id: str
    port: int
    task: str
    zone: str | None
    #: virtual seconds when it was registered
    registered: float
    #: whether the application behind it answers the load balancer's check (decided when it registers)
    answers: bool = True
    #: virtual seconds when it was deregistered (None while registered)
    deregistered: float | None = None


@attrs.define(kw_only=True)
class Balancing:
    """The load balancers, listeners and target groups of one account and Region, and their targets."""

    load_balancers: dict[str, LoadBalancer] = attrs.field(factory=dict)
    listeners: dict[str, Listener] = attrs.field(factory=dict)
    target_groups: dict[str, TargetGroup] = attrs.field(factory=dict)
    #: target group ARN -> its targets (registered and draining)
    targets: dict[str, list[Target]] = attrs.field(factory=dict)
