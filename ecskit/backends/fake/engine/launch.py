"""Launching tasks (RunTask, StartTask, a service's scheduler): placement on container instances or Fargate, ENIs,
and the task records.

* EC2 and EXTERNAL tasks are placed by :mod:`ecskit.placement` (the call's strategies, its constraints and the
  task definition's), on instances of their kind only. A task that fits nowhere is a ``failures`` entry per
  container instance with AWS's reason (``RESOURCE:MEMORY``, ``RESOURCE:PORTS``, ``MemberOf placement constraint
  unsatisfied``, ...), not an error; a cluster without an ACTIVE instance of the kind is an error, as on AWS.
* An awsvpc task on EC2 takes one of the instance's ENI slots and an address of a given subnet in the instance's
  Availability Zone (instances in no such zone are left out by a ``memberOf`` constraint, when the subnets' zones
  are known); a Fargate task needs no instance: its ENI goes to the given subnets in turn.
* ``bridge`` tasks get dynamic host ports from the ephemeral range (never one in use on the instance), ``host``
  tasks reserve their ports, ``none`` tasks nothing.
* Tasks of an Auto Scaling group capacity provider go only to that provider's instances and show its name; with
  managed scaling, those that fit nowhere yet are created PROVISIONING without an instance (:func:`create_waiting`)
  and started once placed (:func:`start_waiting`, see :mod:`~.provisioning`).
* What AWS does with a task definition or a launch that breaks a ``runtime`` rule of ecskit's validation happens
  here too: a launch AWS refuses is refused with AWS's code and text, a task AWS cannot place is a placement
  failure with AWS's reason, and a task that cannot work starts and then stops as AWS stops it (its
  :class:`~ecskit.backends.fake.core.tasks.Doom`).
"""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Iterable, Sequence

import attrs

from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.instances import EXTERNAL_ATTRIBUTE
from ecskit.backends.fake.core.network import SECURITY_GROUP_ID, SUBNET_ID, Subnet, auto_zone, subnet
from ecskit.backends.fake.core.tasks import ContainerState, Doom, DoomStep, Eni, TaskRecord
from ecskit.backends.fake.engine import lifecycle
from ecskit.backends.fake.engine.ecs_events import instance_changed, task_changed
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.tasks import count, poke_task_service, set_status
from ecskit.errors import UsageError
from ecskit.models import replace
from ecskit.models.ecs import (
    ContainerDefinition,
    ContainerOverride,
    Failure,
    LaunchType,
    NetworkConfiguration,
    PlacementConstraint,
    PlacementConstraintType,
    PlacementStrategy,
    Tag,
    TaskDefinition,
    TaskDefinitionPlacementConstraint,
    TaskOverride,
)
from ecskit.placement import Demand, Placement, TaskPlacement, demand_for, place, release
from ecskit.texts import ecs
from ecskit.validation import Finding
from ecskit.validation.engine import Outcome

__all__ = [
    "FARGATE_PLATFORM_VERSION",
    "Launch",
    "create_waiting",
    "demand_of",
    "doom_of",
    "launch_fargate",
    "launch_for",
    "launch_on_instances",
    "refuse_launch",
    "start_placed",
    "start_waiting",
    "subnets_of",
    "unplaceable",
    "with_overrides",
]

#: The platform version Fargate tasks report (what LATEST resolves to on Linux).
FARGATE_PLATFORM_VERSION = "1.4.0"
_NO_TIME = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)  # a template's: every task gets its own
_ARCHITECTURE = "ecs.cpu-architecture"  # the container instance attribute naming its CPU architecture
_MAX_SUBNETS, _MAX_GROUPS = 16, 5
#: How a ``runtime`` finding's stoppedReason tells the step AWS stops the task at.
_DOOM_STEPS: tuple[tuple[str, DoomStep], ...] = (
    ("ResourceInitializationError", DoomStep.INIT),
    ("CannotPullContainerError", DoomStep.PULL),
    ("Essential container in task exited", DoomStep.EXIT),
    ("Task failed container health checks", DoomStep.HEALTH),
)


def _container_at(definition: TaskDefinition, path: str) -> str | None:
    """The name of the container a finding's path points into (``containerDefinitions[i]...``), else None."""
    if not path.startswith("containerDefinitions["):
        return None
    index = path[len("containerDefinitions[") : path.find("]")]
    containers = definition.container_definitions or ()
    return containers[int(index)].name if index.isdigit() and int(index) < len(containers) else None


def doom_of(findings: Iterable[Finding], definition: TaskDefinition) -> Doom | None:
    """How a task stops on AWS for the first ``runtime`` finding that stops it (None when none does)."""
    for finding in findings:
        effect = finding.effect
        if effect is None or effect.outcome is not Outcome.STOPPED or effect.stop_code is None:
            continue
        reason = effect.stopped_reason or lifecycle.FAILED_TO_START
        step = next((s for prefix, s in _DOOM_STEPS if reason.startswith(prefix)), DoomStep.START)
        return Doom(
            step=step, stop_code=effect.stop_code, reason=reason, container=_container_at(definition, finding.path)
        )
    return None


def refuse_launch(findings: Iterable[Finding]) -> None:
    """Refuse the launching call as AWS does for a ``runtime`` finding whose effect is a refused launch."""
    for finding in findings:
        effect = finding.effect
        if effect is not None and effect.outcome is Outcome.LAUNCH_REFUSED:
            fail(effect.error_code or "InvalidParameterException", effect.error_message or finding.message)


def unplaceable(findings: Iterable[Finding]) -> Finding | None:
    """The first ``runtime`` finding that keeps a task from being placed on any instance, or None."""
    for finding in findings:
        effect = finding.effect
        if effect is not None and effect.outcome is Outcome.NOT_PLACED:
            return finding
    return None


@attrs.frozen(kw_only=True, slots=False)  # a __dict__: its cached properties are plain lookups once made
class Launch:
    """What every task of one RunTask or StartTask call (or of one service's start) shares."""

    cluster: str
    definition: DefinitionRecord
    #: The task definition as its tasks run it (overrides of cpu and memory applied).
    effective: TaskDefinition
    overrides: TaskOverride | None
    demand: Demand
    group: str
    started_by: str | None
    tags: tuple[Tag, ...]
    subnets: tuple[str, ...] | None
    enable_execute_command: bool
    platform_version: str | None = None
    #: The ``runtime`` findings of the task definition and the launch.
    findings: tuple[Finding, ...] = ()

    @functools.cached_property
    def containers(self) -> tuple[ContainerDefinition, ...]:
        """The task definition's containers (every task of the call has one of each)."""
        return self.effective.container_definitions or ()

    @functools.cached_property
    def task_overrides(self) -> TaskOverride:
        """The overrides every task of the call shows: the call's, or one empty entry per container."""
        return self.overrides or TaskOverride(
            container_overrides=tuple(ContainerOverride(name=c.name) for c in self.containers),
            inference_accelerator_overrides=(),
        )

    @functools.cached_property
    def container_templates(self) -> tuple[ContainerState, ...]:
        """Per container of the task definition, the container every task starts with (copied per task)."""
        return tuple(
            ContainerState(
                name=d.name or "",
                arn="",
                image=d.image or "",
                cpu=str(d.cpu or 0),
                memory=str(d.memory) if d.memory is not None else None,
                memory_reservation=str(d.memory_reservation) if d.memory_reservation is not None else None,
            )
            for d in self.containers
        )

    def template(self, launch_type: LaunchType) -> TaskRecord:
        """A task with the members every task of the call has in common (made once per launch type): each task is a
        copy of it with its own members, cheaper than building the record member by member."""
        made = self._templates.get(launch_type)
        if made is None:
            made = self._templates[launch_type] = self._template(launch_type)
        return made

    @functools.cached_property
    def _templates(self) -> dict[LaunchType, TaskRecord]:
        return {}

    def _template(self, launch_type: LaunchType) -> TaskRecord:
        definition = self.effective
        fargate = launch_type is LaunchType.FARGATE
        platform = definition.runtime_platform
        architecture = str(platform.cpu_architecture or "X86_64") if platform is not None else "X86_64"
        return TaskRecord(
            arn="",
            cluster=self.cluster,
            definition_arn=self.definition.arn,
            group=self.group,
            launch_type=launch_type,
            created_at=_NO_TIME,
            cpu=definition.cpu or str(self.demand.cpu),
            memory=definition.memory or str(self.demand.memory),
            containers=[],
            overrides=self.task_overrides,
            started_by=self.started_by,
            platform_version=(self.platform_version or FARGATE_PLATFORM_VERSION) if fargate else None,
            platform_family="Linux" if fargate else None,
            architecture=architecture.lower() if fargate else None,
            enable_execute_command=self.enable_execute_command,
            doom=self.doom,
        )

    @functools.cached_property
    def doom(self) -> Doom | None:
        """How its tasks stop when a ``runtime`` finding says they cannot work."""
        return doom_of(self.findings, self.definition.body)

    @functools.cached_property
    def not_placed(self) -> Finding | None:
        """The ``runtime`` finding that keeps its tasks off every instance, if any."""
        return unplaceable(self.findings)


#: How many launches a Region keeps for reuse (see :func:`launch_for`); past that the cache starts afresh.
_LAUNCHES_KEPT = 256


def launch_for(
    env: Env,
    definition: DefinitionRecord,
    *,
    cluster: str,
    overrides: TaskOverride | None,
    group: str,
    started_by: str | None,
    tags: tuple[Tag, ...],
    subnets: tuple[str, ...] | None,
    enable_execute_command: bool,
    platform_version: str | None,
    findings: tuple[Finding, ...] = (),
) -> Launch:
    """The :class:`Launch` of a RunTask, StartTask or service call. One without overrides is kept and reused by
    the next call that launches the same revision the same way (its demand made once)."""
    key: tuple[object, ...] | None = None
    if overrides is None:
        key = (definition.arn, cluster, group, started_by, tags, subnets, enable_execute_command, platform_version)
        key += (findings,)
    kept = env.state.launches
    if key is not None:
        found = kept.get(key)
        if isinstance(found, Launch):
            return found
    effective = with_overrides(definition.body, overrides)
    launch = Launch(
        cluster=cluster,
        definition=definition,
        effective=effective,
        overrides=overrides,
        demand=demand_of(effective),
        group=group,
        started_by=started_by,
        tags=tags,
        subnets=subnets,
        enable_execute_command=enable_execute_command,
        platform_version=platform_version,
        findings=findings,
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
        refuse(ecs.SUBNETS_EMPTY)
    if len(config.subnets) > _MAX_SUBNETS:
        refuse(ecs.SUBNETS_TOO_MANY, limit=_MAX_SUBNETS)
    for name in config.subnets:
        if not SUBNET_ID.match(name):
            refuse(ecs.SUBNET_MALFORMED, subnet=name)
    groups = config.security_groups or ()
    if len(groups) > _MAX_GROUPS:
        refuse(ecs.SECURITY_GROUPS_TOO_MANY, limit=_MAX_GROUPS)
    for name in groups:
        if not SECURITY_GROUP_ID.match(name):
            refuse(ecs.SECURITY_GROUP_MALFORMED, group=name)
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
    except UsageError as exc:
        fail("InvalidParameterException", str(exc))


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
) -> tuple[list[TaskRecord], list[Failure]]:
    """Place ``count`` tasks on the cluster's instances of ``launch_type`` (EC2 or EXTERNAL) and start them.

    With ``provider`` (an Auto Scaling group capacity provider), only on its instances: the EC2 instance ids
    ``members`` (ACTIVE ones; at least one).
    """
    index = cluster_index(env, launch.cluster)
    external = launch_type is LaunchType.EXTERNAL
    if provider is None:
        if not any(i.status == "ACTIVE" and (EXTERNAL_ATTRIBUTE in i.attributes) == external for i in index):
            refuse(ecs.NO_CONTAINER_INSTANCES)
        kind = f"attribute:{EXTERNAL_ATTRIBUTE} {'exists' if external else '!exists'}"
    else:
        kind = f"ec2InstanceId in [{', '.join(members)}]"
    mine = frozenset(members)
    blocked = launch.not_placed
    if blocked is not None and blocked.effect is not None:  # AWS can place it on no instance
        reason = blocked.effect.failure_reason
        return [], [
            Failure(arn=i.id, reason=reason)
            for i in index
            if i.status == "ACTIVE"
            and (EXTERNAL_ATTRIBUTE in i.attributes) == external
            and (provider is None or i.ec2_instance_id in mine)
        ]
    base = [*constraints, PlacementConstraint(type=PlacementConstraintType.MEMBER_OF, expression=kind)]
    rng = random.Random(f"{env.ids.seed}:{env.ids.counter}")
    tasks: list[TaskRecord] = []
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
        except UsageError as exc:
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
            if (EXTERNAL_ATTRIBUTE in index[f.instance_id].attributes) == external
            and (provider is None or index[f.instance_id].ec2_instance_id in mine)
        ]
        if result.unplaced or stop:
            break
    return tasks, failures


def _eni(env: Env, launch: Launch, placed: TaskPlacement) -> tuple[str, str] | Failure | None:
    """The subnet and address of a placed awsvpc task's ENI, in the instance's zone (a RESOURCE:ENI failure, its
    placement released, when the subnet is full); None for another network mode."""
    if launch.subnets is None:
        return None
    index = cluster_index(env, launch.cluster)
    chosen = _subnet_for(env, launch.subnets, index[placed.instance_id].availability_zone)
    address = chosen.allocate()
    if address is None:
        release(index, placed)
        return Failure(arn=placed.instance_id, reason="RESOURCE:ENI", detail=f"{chosen.subnet_id} is full")
    return (chosen.subnet_id, address)


def start_placed(
    env: Env, launch: Launch, placed: TaskPlacement, launch_type: LaunchType, *, provider: str | None = None
) -> TaskRecord | Failure:
    """Start a task placed on an instance: its ENI first (awsvpc), in a subnet of the instance's zone."""
    network = _eni(env, launch, placed)
    if isinstance(network, Failure):
        return network
    instance = cluster_index(env, launch.cluster)[placed.instance_id]
    return _create(
        env,
        launch,
        launch_type=launch_type,
        provider=provider,
        placement=placed,
        zone=instance.availability_zone,
        network=network,
        # a task on an instance shows the instance's CPU architecture (AWS's describe-tasks examples, EC2 tasks)
        architecture=instance.attributes.get(_ARCHITECTURE),
    )


def create_waiting(env: Env, launch: Launch, provider: str) -> TaskRecord:
    """A task of an Auto Scaling group capacity provider that fits on none of its instances yet: PROVISIONING,
    without an instance, until :func:`start_waiting` starts it."""
    return _create(
        env, launch, launch_type=LaunchType.EC2, provider=provider, placement=None, zone=None, network=None, wait=True
    )


def start_waiting(env: Env, task: TaskRecord, placed: TaskPlacement, subnets: Sequence[str] | None) -> bool:
    """Start a waiting task now placed on an instance (its ENI first, for awsvpc); False when its subnet is full
    (the placement is then released and the task keeps waiting)."""
    index = cluster_index(env, task.cluster)
    network: tuple[str, str] | None = None
    if subnets is not None:
        chosen = _subnet_for(env, subnets, index[placed.instance_id].availability_zone)
        address = chosen.allocate()
        if address is None:
            release(index, placed)
            return False
        network = (chosen.subnet_id, address)
    task.placement = placed
    task.instance_arn = placed.instance_id
    task.availability_zone = index[placed.instance_id].availability_zone
    task.architecture = index[placed.instance_id].attributes.get(_ARCHITECTURE) or task.architecture
    task.shown = None  # shown again in full: its instance's members (its CPU architecture) are new
    task.version += 1
    instance = env.state.instances[placed.instance_id]  # it was counted as pending in its cluster when created:
    instance.pending += 1  # now on its instance too
    instance.version += 1
    instance_changed(env, instance, +1, placed)
    task_changed(env, task)
    if network is not None:
        task.eni = _new_eni(env, *network)
        lifecycle.begin(env, task, lifecycle.PROVISIONING_SECONDS)
    else:
        lifecycle.start_pull(env, task)
        set_status(env, task, "PENDING")
        lifecycle.begin(env, task, None)
    poke_task_service(env, task)
    return True


def launch_fargate(env: Env, launch: Launch, providers: Sequence[str | None]) -> tuple[list[TaskRecord], list[Failure]]:
    """Start one Fargate task per entry of ``providers`` (its capacity provider, None for launchType FARGATE)."""
    blocked = launch.not_placed
    if blocked is not None and blocked.effect is not None:  # AWS places it nowhere: one failure, of no instance
        return [], [Failure(reason=blocked.effect.failure_reason)]
    tasks: list[TaskRecord] = []
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
        tasks.append(
            _create(
                env,
                launch,
                launch_type=LaunchType.FARGATE,
                provider=provider,
                placement=None,
                zone=chosen.availability_zone,
                network=(chosen.subnet_id, address),
            )
        )
    return tasks, failures


def _new_eni(env: Env, subnet_id: str, address: str) -> Eni:
    eni_id = "eni-" + env.ids.hex32()[:17]  # before the attachment's id: the order ids were always made in
    return Eni(attachment_id=env.ids.uuid(), eni_id=eni_id, subnet_id=subnet_id, address=address)


def _containers(env: Env, launch: Launch, task_id: str) -> list[ContainerState]:
    prefix = env.arn(f"container/{launch.cluster}/{task_id}/")
    uuid = env.ids.uuid
    made = []
    for template in launch.container_templates:
        container = object.__new__(ContainerState)
        members = container.__dict__
        members.update(template.__dict__)
        members["arn"] = prefix + uuid()
        made.append(container)
    return made


def _create(
    env: Env,
    launch: Launch,
    *,
    launch_type: LaunchType,
    provider: str | None,
    placement: TaskPlacement | None,
    zone: str | None,
    network: tuple[str, str] | None,
    wait: bool = False,
    architecture: str | None = None,
) -> TaskRecord:
    """Make the record of a placed task, store it and start its lifecycle (``wait``: a task waiting for capacity,
    stored PROVISIONING, whose lifecycle starts when it is placed)."""
    task_id = env.ids.hex32()
    arn = env.arn(f"task/{launch.cluster}/{task_id}")
    eni = _new_eni(env, *network) if network is not None else None
    template = launch.template(launch_type)
    task = object.__new__(TaskRecord)  # a copy of the launch's template: what every task of the call shares
    members = task.__dict__
    members.update(template.__dict__)
    members.update(
        origin=template,
        shown=None,  # the template's own showing is its tasks' starting point, not theirs
        arn=arn,
        created_at=env.clock.now(),
        containers=_containers(env, launch, task_id),
        starting=[],
        capacity_provider=provider,
        instance_arn=placement.instance_id if placement is not None else None,
        availability_zone=zone,
        eni=eni,
        placement=placement,
    )
    if architecture is not None:
        members["architecture"] = architecture
    env.state.add_task(task)
    if launch.tags:
        env.state.tags[arn] = launch.tags
    # A task without an ENI to attach starts pulling at once: it is PENDING from the start (version 2, as if it had
    # been stored PROVISIONING and then updated).
    if network is None and not wait:
        lifecycle.start_pull(env, task)
        task.last_status = "PENDING"
        task.version = 2
    count(env, task, None, task.last_status)
    if placement is not None:
        instance_changed(env, env.state.instances[placement.instance_id], +1, placement)
    task_changed(env, task)
    if wait:
        return task
    provisioning = None
    if network is not None:
        fargate = launch_type is LaunchType.FARGATE
        provisioning = lifecycle.FARGATE_PROVISIONING_SECONDS if fargate else lifecycle.PROVISIONING_SECONDS
    lifecycle.begin(env, task, provisioning)
    return task
