"""What the fake keeps about capacity beside the API models: its Auto Scaling groups (the fake has no EC2 Auto
Scaling API: :meth:`~ecskit.backends.fake.FakeBackend.declare_auto_scaling_group` declares them), the capacity
providers, and the tasks that wait in PROVISIONING for a capacity provider's instances.

Plain records, saved with the state (:meth:`CapacityState.to_data`); the behaviour is in
:mod:`~ecskit.backends.fake.auto_scaling`, :mod:`~ecskit.backends.fake.capacity_providers` and
:mod:`~ecskit.backends.fake.provisioning`.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from ecskit.codec import from_api, to_api
from ecskit.codec.convert import to_json
from ecskit.models.ecs import CapacityProvider, PlacementConstraint, PlacementStrategy

__all__ = ["AutoScalingGroup", "CapacityState", "GroupInstance", "WaitingTask"]


@attrs.define(kw_only=True)
class GroupInstance:
    """One EC2 instance of an Auto Scaling group."""

    ec2_instance_id: str
    availability_zone: str
    #: False while it launches (a managed scale-out): it registers with the cluster once ready.
    ready: bool = True

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"id": self.ec2_instance_id, "zone": self.availability_zone, "ready": self.ready}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> GroupInstance:
        """The record :meth:`to_data` wrote."""
        return cls(ec2_instance_id=data["id"], availability_zone=data["zone"], ready=data["ready"])


@attrs.define(kw_only=True)
class AutoScalingGroup:
    """An EC2 Auto Scaling group as the fake knows it: one instance type, its zones, its sizes and instances."""

    name: str
    arn: str
    instance_type: str
    availability_zones: tuple[str, ...]
    min_size: int
    max_size: int
    desired_capacity: int
    #: The group's instances, in launch order (launching ones included).
    instances: list[GroupInstance] = attrs.field(factory=list)
    #: Made up on first use (an ARN or name no one declared), not declared.
    declared: bool = True

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "name": self.name,
            "arn": self.arn,
            "instanceType": self.instance_type,
            "zones": list(self.availability_zones),
            "minSize": self.min_size,
            "maxSize": self.max_size,
            "desired": self.desired_capacity,
            "instances": [i.to_data() for i in self.instances],
            "declared": self.declared,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AutoScalingGroup:
        """The record :meth:`to_data` wrote."""
        return cls(
            name=data["name"],
            arn=data["arn"],
            instance_type=data["instanceType"],
            availability_zones=tuple(data["zones"]),
            min_size=data["minSize"],
            max_size=data["maxSize"],
            desired_capacity=data["desired"],
            instances=[GroupInstance.from_data(i) for i in data["instances"]],
            declared=data["declared"],
        )


@attrs.define(kw_only=True)
class WaitingTask:
    """A task PROVISIONING until an instance of its capacity provider can take it (managed scaling is on).

    What placing it later needs that its Task model does not show: the subnets of an awsvpc task, and the placement
    constraints and strategies of the RunTask call or service that made it.
    """

    arn: str
    cluster: str
    provider: str
    subnets: tuple[str, ...] | None = None
    constraints: tuple[PlacementConstraint, ...] = ()
    strategies: tuple[PlacementStrategy, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "arn": self.arn,
            "cluster": self.cluster,
            "provider": self.provider,
            "subnets": list(self.subnets) if self.subnets is not None else None,
            "constraints": [to_api(c) for c in self.constraints],
            "strategies": [to_api(s) for s in self.strategies],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WaitingTask:
        """The record :meth:`to_data` wrote."""
        subnets = data["subnets"]
        return cls(
            arn=data["arn"],
            cluster=data["cluster"],
            provider=data["provider"],
            subnets=tuple(subnets) if subnets is not None else None,
            constraints=tuple(from_api(c, PlacementConstraint) for c in data["constraints"]),
            strategies=tuple(from_api(s, PlacementStrategy) for s in data["strategies"]),
        )


@attrs.define(kw_only=True)
class CapacityState:
    """The capacity records of one account and Region."""

    #: capacity provider name -> capacity provider (deleted ones INACTIVE; FARGATE and FARGATE_SPOT are built in,
    #: not stored)
    providers: dict[str, CapacityProvider] = attrs.field(factory=dict)
    #: Auto Scaling group name -> group
    groups: dict[str, AutoScalingGroup] = attrs.field(factory=dict)
    #: task ARN -> a task waiting for capacity (in the order they started waiting)
    waiting: dict[str, WaitingTask] = attrs.field(factory=dict)
    #: cluster name -> when its queued retry of the waiting tasks is due (one retry queued per cluster)
    retries: dict[str, float] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data (the providers through the codec: lossless)."""
        return {
            "providers": [json.loads(to_json(p)) for p in self.providers.values()],
            "groups": [g.to_data() for g in self.groups.values()],
            "waiting": [w.to_data() for w in self.waiting.values()],
            "retries": dict(self.retries),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CapacityState:
        """The records :meth:`to_data` wrote."""
        providers = [from_api(p, CapacityProvider) for p in data["providers"]]
        groups = [AutoScalingGroup.from_data(g) for g in data["groups"]]
        waiting = [WaitingTask.from_data(w) for w in data["waiting"]]
        return cls(
            providers={p.name or "": p for p in providers},
            groups={g.name: g for g in groups},
            waiting={w.arn: w for w in waiting},
            retries={k: float(v) for k, v in data["retries"].items()},
        )
