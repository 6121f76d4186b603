"""The fake's records of capacity: capacity providers, the EC2 Auto Scaling groups behind them (the fake has no
EC2 Auto Scaling API: groups are declared, or made up on first use), and the tasks that wait in PROVISIONING for a
capacity provider's instances."""

from __future__ import annotations

import attrs

from ecskit.models.ecs import (
    AutoScalingGroupProvider,
    CapacityProviderStatus,
    CapacityProviderUpdateStatus,
    PlacementConstraint,
    PlacementStrategy,
)

__all__ = ["FARGATE_PROVIDERS", "GroupInstance", "GroupRecord", "ProviderRecord", "WaitingTask"]

#: The capacity providers every account has.
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


@attrs.define(kw_only=True)
class ProviderRecord:
    """An Auto Scaling group capacity provider (deleted ones stay, INACTIVE)."""

    name: str
    arn: str
    #: Its settings, AWS's defaults filled in.
    auto_scaling_group: AutoScalingGroupProvider
    status: CapacityProviderStatus = CapacityProviderStatus.ACTIVE
    update_status: CapacityProviderUpdateStatus | None = None
    update_status_reason: str | None = None

    @property
    def active(self) -> bool:
        """Whether it is ACTIVE."""
        return self.status == CapacityProviderStatus.ACTIVE


@attrs.define(kw_only=True)
class GroupInstance:
    """One EC2 instance of an Auto Scaling group."""

    ec2_instance_id: str
    availability_zone: str
    #: False while it launches (a managed scale-out): it registers with the cluster once ready.
    ready: bool = True


@attrs.define(kw_only=True)
class GroupRecord:
    """An EC2 Auto Scaling group: one instance type, its zones, its sizes and instances."""

    name: str
    arn: str
    instance_type: str
    availability_zones: tuple[str, ...]
    min_size: int
    max_size: int
    desired_capacity: int
    #: Its instances, in launch order (launching ones included).
    instances: list[GroupInstance] = attrs.field(factory=list)
    #: Made up on first use (an ARN or name no one declared), not declared.
    declared: bool = True


@attrs.define(kw_only=True)
class WaitingTask:
    """A task PROVISIONING until an instance of its capacity provider can take it (managed scaling is on): what
    placing it later needs that the task does not show (its subnets, the call's constraints and strategies)."""

    task: str
    cluster: str
    provider: str
    subnets: tuple[str, ...] | None = None
    constraints: tuple[PlacementConstraint, ...] = ()
    strategies: tuple[PlacementStrategy, ...] = ()
