"""Launching tasks for RunTask and StartTask: placement on container instances or Fargate, ENIs, the Task models.

* EC2 and EXTERNAL tasks are placed by :mod:`ecskit.placement` (the request's strategies, its constraints and the
  task definition's), on instances of their kind only. A task that fits nowhere is a ``failures`` entry per
  container instance with AWS's reason (``RESOURCE:MEMORY``, ``RESOURCE:PORTS``, ``MemberOf placement constraint
  unsatisfied``, ...), not an error; a cluster without an ACTIVE instance of the kind is an error, as on AWS.
* An awsvpc task on EC2 takes one of the instance's ENI slots and an address of a given subnet in the instance's
  Availability Zone (instances in no such zone are left out by a ``memberOf`` constraint, when the subnets' zones
  are known); a Fargate task needs no instance: its ENI goes to the given subnets in turn.
* ``bridge`` tasks get dynamic host ports from the ephemeral range (never one in use on the instance), ``host``
  tasks reserve their ports, ``none`` tasks nothing.
* Tasks of an Auto Scaling group capacity provider go only to that provider's instances and show its name
  (``capacityProviderName``); with managed scaling, those that fit nowhere yet are created PROVISIONING without an
  instance (:func:`create_waiting`) and started once placed (:func:`start_waiting`, see
  :mod:`~ecskit.backends.fake.provisioning`).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from typing import Any

import attrs

from ecskit.backends.fake import lifecycle
from ecskit.backends.fake.bookkeeping import sync_instance, task_status_changed
from ecskit.backends.fake.container_instances import EXTERNAL_ATTRIBUTE
from ecskit.backends.fake.env import Env, fail
from ecskit.backends.fake.network import (
    SECURITY_GROUP_ID,
    SUBNET_ID,
    Subnet,
    auto_zone,
    eni_details,
    subnet,
)
from ecskit.backends.fake.runtime import TaskRun, cluster_index, poke_service, service_of_task
from ecskit.models import replace
from ecskit.models.ecs import (
    Attachment,
    Attribute,
    Container,
    ContainerDefinition,
    ContainerOverride,
    EphemeralStorage,
    Failure,
    HealthStatus,
    LaunchType,
    NetworkConfiguration,
    PlacementConstraint,
    PlacementConstraintType,
    PlacementStrategy,
    Tag,
    Task,
    TaskDefinition,
    TaskDefinitionPlacementConstraint,
    TaskOverride,
)
from ecskit.placement import Demand, Placement, TaskPlacement, demand_for, place, release

__all__ = [
    "FARGATE_PLATFORM_VERSION",
    "Launch",
    "create_waiting",
    "demand_of",
    "launch_fargate",
    "launch_for",
    "launch_on_instances",
    "start_placed",
    "start_waiting",
    "subnets_of",
    "with_overrides",
]

#: The platform version Fargate tasks report (what LATEST resolves to on Linux).
FARGATE_PLATFORM_VERSION = "1.4.0"
_MAX_SUBNETS, _MAX_GROUPS = 16, 5


@attrs.frozen(kw_only=True, slots=False)  # a __dict__: its cached properties are plain lookups once made
class Launch:
    """What every task of one RunTask or StartTask call shares."""

    cluster: str
    cluster_arn: str
    definition: TaskDefinition
    overrides: TaskOverride | None
    demand: Demand
    group: str
    started_by: str | None
    tags: tuple[Tag, ...]
    subnets: tuple[str, ...] | None
    enable_execute_command: bool
    platform_version: str | None = None

    @functools.cached_property
    def containers(self) -> tuple[ContainerDefinition, ...]:
        """The task definition's containers (every task of the call has one of each)."""
        return self.definition.container_definitions or ()

    def prototype(self, launch_type: LaunchType) -> Task:
        """A task with the members every task of the call has in common (made once per launch type): each task
        is a copy of it with its own members, cheaper than building the 37-member model from keywords."""
        made = self._prototypes.get(launch_type)
        if made is None:
            made = self._prototypes[launch_type] = Task(**self._members(launch_type))
        return made

    def _members(self, launch_type: LaunchType) -> dict[str, Any]:
        td = self.definition
        fargate = launch_type is LaunchType.FARGATE
        platform = td.runtime_platform
        architecture = str(platform.cpu_architecture or "X86_64") if platform is not None else "X86_64"
        return {
            "attributes": (Attribute(name="ecs.cpu-architecture", value=architecture.lower()),) if fargate else (),
            "cluster_arn": self.cluster_arn,
            "cpu": td.cpu or str(self.demand.cpu),
            "memory": td.memory or str(self.demand.memory),
            "desired_status": "RUNNING",
            "enable_execute_command": self.enable_execute_command,
            "group": self.group,
            "health_status": HealthStatus.UNKNOWN,
            "launch_type": launch_type,
            "overrides": self.task_overrides,
            "platform_version": (self.platform_version or FARGATE_PLATFORM_VERSION) if fargate else None,
            "platform_family": "Linux" if fargate else None,
            "started_by": self.started_by,
            "tags": (),
            "task_definition_arn": td.task_definition_arn,
            "ephemeral_storage": EphemeralStorage(size_in_gib=20) if fargate else None,
        }

    @functools.cached_property
    def container_prototypes(self) -> tuple[Container, ...]:
        """Per container of the task definition, the container every task starts with (copied per task)."""
        return tuple(
            Container(
                name=d.name,
                image=d.image,
                last_status="PENDING",
                network_interfaces=(),
                health_status=HealthStatus.UNKNOWN,
                cpu=str(d.cpu or 0),
                memory=str(d.memory) if d.memory is not None else None,
                memory_reservation=str(d.memory_reservation) if d.memory_reservation is not None else None,
            )
            for d in self.containers
        )

    @functools.cached_property
    def _prototypes(self) -> dict[LaunchType, Task]:
        return {}

    @functools.cached_property
    def task_overrides(self) -> TaskOverride:
        """The overrides every task of the call shows: the request's, or one empty entry per container."""
        return self.overrides or TaskOverride(
            container_overrides=tuple(ContainerOverride(name=c.name) for c in self.containers),
            inference_accelerator_overrides=(),
        )


#: How many launches a Region keeps for reuse (see :func:`launch_for`); past that the cache starts afresh.
_LAUNCHES_KEPT = 256


def launch_for(
    env: Env,
    definition: TaskDefinition,
    *,
    cluster_arn: str,
    overrides: TaskOverride | None,
    group: str,
    started_by: str | None,
    tags: tuple[Tag, ...],
    subnets: tuple[str, ...] | None,
    enable_execute_command: bool,
    platform_version: str | None,
) -> Launch:
    """The :class:`Launch` of a RunTask, StartTask or service call. One without overrides is kept and reused by
    the next call that launches the same revision the same way, with its prototypes and demand made once."""
    key: tuple[object, ...] | None = None
    if overrides is None:
        key = (definition.task_definition_arn, cluster_arn, group, started_by, tags, subnets)
        key += (enable_execute_command, platform_version)
    kept = env.state.launches
    if key is not None:
        found = kept.get(key)
        if found is not None:
            return found
    effective = with_overrides(definition, overrides)
    launch = Launch(
        cluster=cluster_arn.rsplit("/", 1)[-1],
        cluster_arn=cluster_arn,
        definition=effective,
        overrides=overrides,
        demand=demand_of(effective),
        group=group,
        started_by=started_by,
        tags=tags,
        subnets=subnets,
        enable_execute_command=enable_execute_command,
        platform_version=platform_version,
    )
    if key is not None:
        if len(kept) >= _LAUNCHES_KEPT:
            kept.clear()
        kept[key] = launch
    return launch


def subnets_of(network: NetworkConfiguration | None) -> tuple[str, ...] | None:
    """The subnets of an awsvpc configuration (checked as AWS checks them), or None without one."""
    config = network.awsvpc_configuration if network is not None else None
    if config is None:
        return None
    if not config.subnets:
        fail("InvalidParameterException", "subnets can not be empty.")
    if len(config.subnets) > _MAX_SUBNETS:
        fail("InvalidParameterException", f"At most {_MAX_SUBNETS} subnets can be given.")
    for name in config.subnets:
        if not SUBNET_ID.match(name):
            fail(
                "InvalidParameterException",
                f"Error retrieving subnet information for [{name}]: The subnet ID '{name}' is malformed",
            )
    groups = config.security_groups or ()
    if len(groups) > _MAX_GROUPS:
        fail("InvalidParameterException", f"At most {_MAX_GROUPS} security groups can be given.")
    for name in groups:
        if not SECURITY_GROUP_ID.match(name):
            fail(
                "InvalidParameterException",
                f"Error retrieving security group information for [{name}]: The security group '{name}' is malformed",
            )
    return tuple(dict.fromkeys(config.subnets))


def with_overrides(definition: TaskDefinition, overrides: TaskOverride | None) -> TaskDefinition:
    """The task definition as the task runs it: task and container cpu / memory overrides applied."""
    if overrides is None:
        return definition
    by_name = {o.name: o for o in overrides.container_overrides or () if o.name}
    containers = []
    for container in definition.container_definitions or ():
        o = by_name.get(container.name or "")
        containers.append(
            container
            if o is None
            else replace(
                container,
                cpu=o.cpu if o.cpu is not None else container.cpu,
                memory=o.memory if o.memory is not None else container.memory,
                memory_reservation=o.memory_reservation
                if o.memory_reservation is not None
                else container.memory_reservation,
            )
        )
    return replace(
        definition,
        cpu=overrides.cpu or definition.cpu,
        memory=overrides.memory or definition.memory,
        container_definitions=tuple(containers),
    )


def demand_of(definition: TaskDefinition) -> Demand:
    """The demand of one task (InvalidParameterException for sizes placement cannot read)."""
    try:
        return demand_for(definition)
    except ValueError as exc:
        fail("InvalidParameterException", str(exc))


def _is_external(attributes: object) -> bool:
    return EXTERNAL_ATTRIBUTE in attributes  # type: ignore[operator]


def _zone_constraint(env: Env, subnets: Sequence[str]) -> PlacementConstraint | None:
    zones = [subnet(env.state.subnets, s).availability_zone for s in subnets]
    if None in zones:
        return None
    listed = ", ".join(sorted({z for z in zones if z is not None}))
    return PlacementConstraint(
        type=PlacementConstraintType.MEMBER_OF, expression=f"attribute:ecs.availability-zone in [{listed}]"
    )


def _subnet_for(env: Env, subnets: Sequence[str], zone: str | None) -> Subnet:
    found = [subnet(env.state.subnets, s) for s in subnets]
    for candidate in found:
        if zone is not None and candidate.availability_zone == zone:
            return candidate
    for candidate in found:
        if candidate.availability_zone is None:
            candidate.availability_zone = zone
            return candidate
    return found[0]


def launch_on_instances(
    env: Env,
    launch: Launch,
    *,
    count: int,
    launch_type: LaunchType,
    constraints: Sequence[PlacementConstraint | TaskDefinitionPlacementConstraint],
    strategies: Sequence[PlacementStrategy],
    provider: str | None = None,
    members: Sequence[str] = (),
) -> tuple[list[Task], list[Failure]]:
    """Place ``count`` tasks on the cluster's instances of ``launch_type`` (EC2 or EXTERNAL) and start them.

    With ``provider`` (an Auto Scaling group capacity provider), only on its instances: the EC2 instance ids
    ``members`` (ACTIVE ones; at least one).
    """
    index = cluster_index(env.state, launch.cluster)
    external = launch_type is LaunchType.EXTERNAL
    if provider is None:
        if not any(i.status == "ACTIVE" and _is_external(i.attributes) == external for i in index):
            fail("InvalidParameterException", "No Container Instances were found in your cluster.")
        kind = f"attribute:{EXTERNAL_ATTRIBUTE} {'exists' if external else '!exists'}"
    else:
        kind = f"ec2InstanceId in [{', '.join(members)}]"
    mine = frozenset(members)
    base = [*constraints, PlacementConstraint(type=PlacementConstraintType.MEMBER_OF, expression=kind)]
    rng = random.Random(f"{env.ids.seed}:{env.ids.counter}")
    tasks: list[Task] = []
    failures: list[Failure] = []
    subnets = launch.subnets
    for _ in range(count if subnets is not None else 1):
        zone = _zone_constraint(env, subnets) if subnets is not None else None
        try:
            result: Placement = place(
                launch.demand,
                instances=index,
                group=launch.group,
                count=1 if subnets is not None else count,
                strategies=strategies,
                constraints=[*base, zone] if zone is not None else base,
                rng=rng,
            )
        except ValueError as exc:
            fail("InvalidParameterException", str(exc))
        stop = False
        for placed in result.tasks:
            one = start_placed(env, launch, placed, launch_type, provider=provider)
            if isinstance(one, Failure):
                failures.append(one)
                stop = True
            else:
                tasks.append(one)
        failures += [
            Failure(arn=f.instance_id, reason=str(f.reason))
            for f in result.failures
            if _is_external(index[f.instance_id].attributes) == external
            and (provider is None or index[f.instance_id].ec2_instance_id in mine)
        ]
        if result.unplaced or stop:
            break
    return tasks, failures


def _address(
    env: Env, cluster: str, placed: TaskPlacement, subnets: Sequence[str] | None
) -> tuple[str, str] | Failure | None:
    """The subnet and address of a placed awsvpc task's ENI, in the instance's zone (a RESOURCE:ENI failure, its
    placement released, when the subnet is full); None for another network mode."""
    if subnets is None:
        return None
    index = cluster_index(env.state, cluster)
    chosen = _subnet_for(env, subnets, index[placed.instance_id].availability_zone)
    address = chosen.allocate()
    if address is None:
        release(index, placed)
        return Failure(arn=placed.instance_id, reason="RESOURCE:ENI", detail=f"{chosen.subnet_id} is full")
    return (chosen.subnet_id, address)


def start_placed(
    env: Env, launch: Launch, placed: TaskPlacement, launch_type: LaunchType, *, provider: str | None = None
) -> Task | Failure:
    """Start a task placed on an instance: its ENI first (awsvpc), in a subnet of the instance's zone."""
    network = _address(env, launch.cluster, placed, launch.subnets)
    if isinstance(network, Failure):
        return network
    run = TaskRun(arn="", cluster=launch.cluster, placement=placed)
    return _create(
        env,
        launch,
        run,
        launch_type=launch_type,
        provider=provider,
        instance=placed.instance_id,
        zone=cluster_index(env.state, launch.cluster)[placed.instance_id].availability_zone,
        network=network,
    )


def create_waiting(env: Env, launch: Launch, provider: str) -> Task:
    """A task of an Auto Scaling group capacity provider that fits on none of its instances yet: PROVISIONING,
    without an instance, until :func:`start_waiting` starts it."""
    run = TaskRun(arn="", cluster=launch.cluster)
    return _create(
        env,
        launch,
        run,
        launch_type=LaunchType.EC2,
        provider=provider,
        instance=None,
        zone=None,
        network=None,
        wait=True,
    )


def start_waiting(env: Env, arn: str, placed: TaskPlacement, subnets: Sequence[str] | None) -> bool:
    """Start a waiting task now placed on an instance (its ENI first, for awsvpc); False when its subnet is full
    (the placement is then released and the task keeps waiting)."""
    run = env.state.runs[arn]
    network = _address(env, run.cluster, placed, subnets)
    if isinstance(network, Failure):
        return False
    task = env.state.tasks[arn]
    run.placement = placed
    changes: dict[str, object] = {
        "container_instance_arn": placed.instance_id,
        "availability_zone": cluster_index(env.state, run.cluster)[placed.instance_id].availability_zone,
        "version": (task.version or 0) + 1,
    }
    if network is not None:
        run.subnet_id, run.address = network
        run.eni_id = "eni-" + env.ids.hex32()[:17]
        changes["attachments"] = (
            Attachment(
                id=env.ids.uuid(),
                type="ElasticNetworkInterface",
                status="PRECREATED",
                details=eni_details(network[0], None, None, env.region),
            ),
        )
    else:
        changes.update(lifecycle.pull_started(env.clock.now()))
    env.state.tasks[arn] = replace(task, **changes)
    # It was counted as pending in its cluster when created; now also on its instance.
    sync_instance(env, run.cluster, placed.instance_id, pending=1)
    lifecycle.begin(env, run, lifecycle.PROVISIONING_SECONDS if network is not None else None)
    service = service_of_task(task.cluster_arn, task.group)
    if service is not None:
        poke_service(env.state, service, env.now)
    return True


def launch_fargate(env: Env, launch: Launch, providers: Sequence[str | None]) -> tuple[list[Task], list[Failure]]:
    """Start one Fargate task per entry of ``providers`` (its capacity provider, None for launchType FARGATE)."""
    tasks: list[Task] = []
    failures: list[Failure] = []
    subnets = launch.subnets or ()
    for n, provider in enumerate(providers):
        address = None
        chosen = subnet(env.state.subnets, subnets[n % len(subnets)])
        for step in range(len(subnets)):
            chosen = subnet(env.state.subnets, subnets[(n + step) % len(subnets)])
            address = chosen.allocate()
            if address is not None:
                break
        if address is None:
            failures.append(Failure(reason="RESOURCE:ENI", detail="The subnets have no free address."))
            continue
        if chosen.availability_zone is None:
            chosen.availability_zone = auto_zone(env.region, chosen.subnet_id)
        run = TaskRun(arn="", cluster=launch.cluster)
        network = (chosen.subnet_id, address)
        zone = chosen.availability_zone
        tasks.append(
            _create(
                env,
                launch,
                run,
                launch_type=LaunchType.FARGATE,
                provider=provider,
                instance=None,
                zone=zone,
                network=network,
            )
        )
    return tasks, failures


def _containers(env: Env, launch: Launch, task_arn: str, task_id: str) -> tuple[Container, ...]:
    prefix = env.arn(f"container/{launch.cluster}/{task_id}/")
    uuid = env.ids.uuid
    return tuple([replace(c, container_arn=prefix + uuid(), task_arn=task_arn) for c in launch.container_prototypes])


def _create(
    env: Env,
    launch: Launch,
    run: TaskRun,
    *,
    launch_type: LaunchType,
    provider: str | None,
    instance: str | None,
    zone: str | None,
    network: tuple[str, str] | None,
    wait: bool = False,
) -> Task:
    """Make the Task model of a placed task, store it and start its lifecycle (``wait``: a task waiting for
    capacity, stored PROVISIONING, whose lifecycle starts when it is placed)."""
    task_id = env.ids.hex32()
    arn = env.arn(f"task/{launch.cluster}/{task_id}")
    run.arn = arn
    attachments: tuple[Attachment, ...] = ()
    if network is not None:
        run.subnet_id, run.address = network
        run.eni_id = "eni-" + env.ids.hex32()[:17]
        attachments = (
            Attachment(
                id=env.ids.uuid(),
                type="ElasticNetworkInterface",
                status="PRECREATED",
                details=eni_details(network[0], None, None, env.region),
            ),
        )
    fargate = launch_type is LaunchType.FARGATE
    now = env.clock.now()
    # A task without an ENI to attach starts pulling at once: its first model shows that (version 2, as if it
    # had been stored PENDING and then updated), which saves rebuilding the 37-member Task at once.
    pulling = lifecycle.pull_started(now) if network is None and not wait else {"last_status": "PROVISIONING"}
    task = replace(
        launch.prototype(launch_type),
        **pulling,
        attachments=attachments,
        availability_zone=zone,
        capacity_provider_name=provider,
        container_instance_arn=instance,
        containers=_containers(env, launch, arn, task_id),
        created_at=now,
        task_arn=arn,
        version=1 if network is not None or wait else 2,
    )
    status = task.last_status
    env.state.tasks[arn] = task
    env.state.runs[arn] = run
    if launch.tags:
        env.state.tags[arn] = launch.tags
    task_status_changed(env, launch.cluster, instance, None, status, refresh=True)
    if wait:
        return replace(task, tags=launch.tags) if launch.tags else task
    provisioning = None
    if network is not None:
        provisioning = lifecycle.FARGATE_PROVISIONING_SECONDS if fargate else lifecycle.PROVISIONING_SECONDS
    lifecycle.begin(env, run, provisioning)
    stored = env.state.tasks[arn]
    return replace(stored, tags=launch.tags) if launch.tags else stored
