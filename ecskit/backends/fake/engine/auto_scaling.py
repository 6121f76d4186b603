"""EC2 Auto Scaling groups in the fake, for Auto Scaling group capacity providers.

The fake has no EC2 Auto Scaling API: :meth:`~ecskit.backends.fake.FakeBackend.declare_auto_scaling_group` declares a
group (one instance type, its Availability Zones, min / max / desired sizes), and a capacity provider names it by ARN
or by name. A group no one declared is made up on first use, as subnets are: ``m5.large`` instances in the Region's
``a``-``c`` zones, sizes 0 / 10 / 0 (its ARN is the one given, or a new one for a name).

Instances and clusters (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html):

* When the group's capacity provider is associated with a cluster, the group's running instances register with
  that cluster, as the ``ECS_CLUSTER`` of their user data would have them do, with ``capacityProviderName`` set and
  the resources of the group's instance type (:mod:`ecskit.placement.instance_types`); instances launched later
  register once they are up. Instances spread over the group's zones in turn.
* Disassociating the provider leaves registered instances where they are (their agent keeps its cluster).
* A managed scale-out (:mod:`~.provisioning`) raises the desired capacity; each new instance
  registers when the provider's ``instanceWarmupPeriod`` (300 s unless set) has passed in virtual time.
"""

from __future__ import annotations

import re

from ecskit.backends.fake.core.capacity import GroupInstance, GroupRecord, ProviderRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.events import InstanceReady
from ecskit.backends.fake.engine.instances import ec2_index, register_group_instance
from ecskit.errors import UsageError
from ecskit.placement import instance_type
from ecskit.texts import ecs

__all__ = [
    "DEFAULT_INSTANCE_TYPE",
    "associated_cluster",
    "attach",
    "declare_group",
    "find_group",
    "group_provider",
    "launch_instances",
    "register_ready",
]

#: The instance type of a group made up on first use.
DEFAULT_INSTANCE_TYPE = "m5.large"
_MADE_UP_MAX = 10
_NAME = re.compile(r"[^\x00-\x1f:]{1,255}\Z")
_ARN = re.compile(
    r"arn:aws[a-z-]*:autoscaling:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):autoScalingGroup:"
    r"(?P<id>[0-9a-fA-F-]+):autoScalingGroupName/(?P<name>.{1,255})\Z"
)


def _arn(env: Env, group_id: str, name: str) -> str:
    return f"arn:aws:autoscaling:{env.region}:{env.account}:autoScalingGroup:{group_id}:autoScalingGroupName/{name}"


def declare_group(
    env: Env,
    name: str,
    *,
    instance_type_name: str,
    availability_zones: tuple[str, ...],
    min_size: int,
    max_size: int,
    desired_capacity: int,
) -> GroupRecord:
    """Declare a group with ``desired_capacity`` running instances (UsageError for a bad argument or a name taken).

    If a capacity provider for it is already associated with a cluster, its instances register there at once.
    """
    if not _NAME.match(name):
        raise UsageError(f"bad Auto Scaling group name {name!r}: 1-255 characters, no ':' or control characters")
    if name in env.state.groups:
        raise UsageError(f"the Auto Scaling group {name!r} is already declared (or made up by an earlier use)")
    instance_type(instance_type_name)  # UsageError naming the nearest known types
    if not availability_zones:
        raise UsageError("give at least one Availability Zone")
    for zone in availability_zones:
        if not (zone.startswith(env.region) and len(zone) > len(env.region)):
            raise UsageError(f"the Availability Zone {zone!r} is not in {env.region}")
    if not 0 <= min_size <= desired_capacity <= max_size:
        raise UsageError(
            f"need 0 <= min_size <= desired_capacity <= max_size, not {min_size}/{desired_capacity}/{max_size}"
        )
    group = GroupRecord(
        name=name,
        arn=_arn(env, env.ids.uuid(), name),
        instance_type=instance_type_name,
        availability_zones=tuple(dict.fromkeys(availability_zones)),
        min_size=min_size,
        max_size=max_size,
        desired_capacity=0,
    )
    env.state.groups[name] = group
    _add_instances(env, group, desired_capacity, ready=True)
    provider = group_provider(env, name)
    cluster = associated_cluster(env, provider.name) if provider is not None else None
    if provider is not None and cluster is not None:
        attach(env, group, cluster, provider.name)
    return group


def find_group(env: Env, ref: str) -> GroupRecord:
    """The group an ``autoScalingGroupArn`` names (an ARN or a name), made up on first use."""
    match = _ARN.match(ref)
    if ref.startswith("arn:") and match is None:
        refuse(ecs.ASG_INVALID_ARN, ref=repr(ref))
    if match is not None and (match["region"], match["account"]) != (env.region, env.account):
        refuse(ecs.ASG_ELSEWHERE, ref=repr(ref), account=env.account, region=env.region)
    name = match["name"] if match is not None else ref
    found = env.state.groups.get(name)
    if found is not None:
        if match is not None and found.arn != ref:
            refuse(ecs.ASG_NOT_FOUND, ref=repr(ref))
        return found
    if not _NAME.match(name):
        refuse(ecs.ASG_INVALID_NAME, name=repr(name))
    group = GroupRecord(
        name=name,
        arn=ref if match is not None else _arn(env, env.ids.uuid(), name),
        instance_type=DEFAULT_INSTANCE_TYPE,
        availability_zones=tuple(f"{env.region}{z}" for z in "abc"),
        min_size=0,
        max_size=_MADE_UP_MAX,
        desired_capacity=0,
        declared=False,
    )
    env.state.groups[name] = group
    return group


def _add_instances(env: Env, group: GroupRecord, count: int, *, ready: bool) -> list[GroupInstance]:
    zones = group.availability_zones
    added = []
    for _ in range(count):
        zone = zones[len(group.instances) % len(zones)]
        instance = GroupInstance(ec2_instance_id=env.ids.ec2_instance_id(), availability_zone=zone, ready=ready)
        group.instances.append(instance)
        added.append(instance)
    group.desired_capacity += count
    return added


def group_provider(env: Env, group_name: str) -> ProviderRecord | None:
    """The ACTIVE capacity provider of a group (a group belongs to one provider at most)."""
    for provider in env.state.providers.values():
        if provider.active and _group_name(provider.auto_scaling_group.auto_scaling_group_arn) == group_name:
            return provider
    return None


def _group_name(ref: str) -> str:
    match = _ARN.match(ref)
    return match["name"] if match is not None else ref


def associated_cluster(env: Env, provider: str) -> str | None:
    """The name of the ACTIVE cluster ``provider`` is associated with, or None."""
    for name, cluster in env.state.clusters.items():
        if cluster.active and provider in cluster.capacity_providers:
            return name
    return None


def attach(env: Env, group: GroupRecord, cluster: str, provider: str) -> list[str]:
    """Register the group's ready instances that are not registered anywhere with ``cluster``, for ``provider``;
    returns their container instance ARNs."""
    registered = ec2_index(env)
    arns = []
    for instance in group.instances:
        if instance.ready and instance.ec2_instance_id not in registered:
            arns.append(_register(env, group, instance, cluster, provider))
    return arns


def _register(env: Env, group: GroupRecord, instance: GroupInstance, cluster: str, provider: str) -> str:
    record = register_group_instance(
        env,
        cluster,
        ec2_instance_id=instance.ec2_instance_id,
        instance_type_name=group.instance_type,
        availability_zone=instance.availability_zone,
        capacity_provider=provider,
    )
    return record.arn


def launch_instances(env: Env, group: GroupRecord, count: int, warmup: float) -> None:
    """Scale ``group`` out by ``count`` instances, each ready ``warmup`` seconds from now."""
    for instance in _add_instances(env, group, count, ready=False):
        env.later(warmup, InstanceReady(group=group.name, instance=instance.ec2_instance_id))


def register_ready(env: Env, group_name: str, ec2_instance_id: str) -> str | None:
    """A launched instance is up: register it with the cluster its provider is associated with (if any); returns
    that cluster's name."""
    group = env.state.groups.get(group_name)
    instance = next((i for i in group.instances if i.ec2_instance_id == ec2_instance_id), None) if group else None
    if group is None or instance is None:  # pragma: no cover - groups and their instances are never removed
        return None
    instance.ready = True
    provider = group_provider(env, group_name)
    cluster = associated_cluster(env, provider.name) if provider is not None else None
    if provider is None or cluster is None:
        return None
    if ec2_instance_id not in ec2_index(env):
        _register(env, group, instance, cluster, provider.name)
    return cluster
