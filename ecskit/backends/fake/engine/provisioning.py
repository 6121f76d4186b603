"""Tasks of Auto Scaling group capacity providers, and managed scaling (cluster auto scaling) over virtual time.

A task whose capacity provider is an Auto Scaling group provider runs only on that provider's instances
(``capacityProviderName`` shows it, on the task and on the instance). When none can take it:

* with managed scaling ENABLED, the task is created PROVISIONING without an instance and waits, as on AWS ("If the
  Auto Scaling group is unable to scale out to accommodate the number of tasks run, the tasks will fail to
  transition beyond the PROVISIONING state", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
  asg-capacity-providers.html). The provider scales its group out; a waiting task is placed (with the placement
  strategies and constraints it was run with) as soon as an instance can take it, and its lifecycle starts then.
  A cluster holds at most :data:`MAX_PROVISIONING` waiting tasks (RunTask beyond: ClientException, AWS's quota);
* without managed scaling, the task fails placement with AWS's reason (``RESOURCE:MEMORY``, ...), as an EC2 task
  does, and a provider without instances is "No Container Instances were found in your cluster.".

Managed scale-out (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-scaling-behavior.html), kept
simple and deterministic: the instances the waiting tasks need are counted by packing their CPU, memory, GPUs, ENIs
and fixed ports first-fit onto empty instances of the group's instance type (tasks too big for one are left out:
they wait for ever). With ``targetCapacity`` below 100 the group grows so that the instances in use are that
percentage of it. Each scale-out launches at least ``minimumScalingStepSize`` and at most
``maximumScalingStepSize`` instances, never beyond the group's ``max_size``, and never again for what launching
instances will cover; a launched instance registers ``instanceWarmupPeriod`` seconds later and takes the waiting
tasks that fit. Scaling is decided at RunTask (or when a service starts a task) and, while tasks wait, every
:data:`RETRY_SECONDS`, when the cluster also tries again to place them. The fake does not scale in.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS, WaitingTask
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.events import CapacityRetry, InstanceReady
from ecskit.backends.fake.core.find import definition_of
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.backends.fake.engine import daemons
from ecskit.backends.fake.engine.auto_scaling import find_group, launch_instances, register_ready
from ecskit.backends.fake.engine.capacity import managed_scaling
from ecskit.backends.fake.engine.instances import trunking_on
from ecskit.backends.fake.engine.launch import (
    Launch,
    create_waiting,
    demand_of,
    launch_fargate,
    launch_on_instances,
    start_waiting,
    with_overrides,
)
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.errors import UsageError
from ecskit.models.ecs import (
    Failure,
    LaunchType,
    PlacementConstraint,
    PlacementConstraintType,
    PlacementStrategy,
    TaskDefinitionPlacementConstraint,
)
from ecskit.placement import Demand, PortSet, Resources, instance_type_or_default, place, registered_resources
from ecskit.texts import ecs

__all__ = [
    "MAX_PROVISIONING",
    "RETRY_SECONDS",
    "instance_ready",
    "launch_by_provider",
    "launch_on_provider",
    "provider_members",
    "retry",
]

#: How often a cluster with waiting tasks tries again to place them (and to scale out).
RETRY_SECONDS = 30.0
#: Tasks in the PROVISIONING state per cluster (an ECS service quota).
MAX_PROVISIONING = 500


def provider_members(env: Env, cluster: str, provider: str) -> list[str]:
    """The EC2 instance ids of ``provider``'s ACTIVE container instances in ``cluster``, in registration order."""
    return [
        r.ec2_instance_id
        for r in env.state.instances.values()
        if r.cluster == cluster and r.capacity_provider == provider and r.status == "ACTIVE"
    ]


def _as_constraint(c: PlacementConstraint | TaskDefinitionPlacementConstraint) -> PlacementConstraint:
    if isinstance(c, PlacementConstraint):
        return c
    return PlacementConstraint(type=PlacementConstraintType(str(c.type)), expression=c.expression)


def _waiting(env: Env, cluster: str, provider: str | None = None) -> list[WaitingTask]:
    """The tasks still waiting in ``cluster`` (for ``provider``); records of tasks stopped meanwhile are dropped."""
    found = []
    for arn, record in list(env.state.waiting.items()):
        task = env.state.tasks.get(arn)
        if task is None or task.placement is not None or not task.live:
            del env.state.waiting[arn]
        elif record.cluster == cluster and (provider is None or record.provider == provider):
            found.append(record)
    return found


def launch_on_provider(
    env: Env,
    launch: Launch,
    provider: str,
    *,
    count: int,
    constraints: Sequence[PlacementConstraint | TaskDefinitionPlacementConstraint] = (),
    strategies: Sequence[PlacementStrategy] = (),
) -> tuple[list[TaskRecord], list[Failure]]:
    """Start ``count`` tasks on the instances of an Auto Scaling group capacity provider (see the module's
    documentation): the tasks started or waiting, and the placement failures (none with managed scaling)."""
    found = env.state.providers[provider]
    scaling = managed_scaling(found)
    if scaling is not None and len(_waiting(env, launch.cluster)) + count > MAX_PROVISIONING:
        refuse(ecs.PROVISIONING_QUOTA)
    members = provider_members(env, launch.cluster, provider)
    tasks: list[TaskRecord] = []
    failures: list[Failure] = []
    if members:
        tasks, failures = launch_on_instances(
            env,
            launch,
            count=count,
            launch_type=LaunchType.EC2,
            constraints=constraints,
            strategies=strategies,
            provider=provider,
            members=members,
        )
    elif scaling is None:
        refuse(ecs.NO_CONTAINER_INSTANCES)
    if scaling is None or len(tasks) == count:
        return tasks, failures
    for _ in range(count - len(tasks)):
        task = create_waiting(env, launch, provider)
        arn = task.arn
        env.state.waiting[arn] = WaitingTask(
            task=arn,
            cluster=launch.cluster,
            provider=provider,
            subnets=launch.subnets,
            constraints=tuple(_as_constraint(c) for c in constraints),
            strategies=tuple(strategies),
        )
        tasks.append(task)
    _scale_out(env, launch.cluster, provider)
    _queue_retry(env, launch.cluster)
    return tasks, []


def launch_by_provider(
    env: Env,
    launch: Launch,
    provider: str,
    *,
    count: int = 1,
    constraints: Sequence[PlacementConstraint | TaskDefinitionPlacementConstraint] = (),
    strategies: Sequence[PlacementStrategy] = (),
) -> tuple[list[TaskRecord], list[Failure]]:
    """Start ``count`` tasks of any capacity provider: Fargate ones on Fargate, the others on their instances."""
    if provider in FARGATE_PROVIDERS:
        return launch_fargate(env, launch, [provider] * count)
    return launch_on_provider(env, launch, provider, count=count, constraints=constraints, strategies=strategies)


def _demand(env: Env, task: TaskRecord) -> Demand:
    return demand_of(with_overrides(definition_of(env, task.definition_arn).body, task.overrides))


def _place_waiting(env: Env, cluster: str) -> None:
    """Place the cluster's waiting tasks that an instance of their provider can take now, oldest first."""
    index = cluster_index(env, cluster)
    rng = random.Random(f"{env.ids.seed}:{env.ids.counter}")
    for record in _waiting(env, cluster):
        members = provider_members(env, cluster, record.provider)
        if not members:
            continue
        task = env.state.tasks[record.task]
        mine = PlacementConstraint(
            type=PlacementConstraintType.MEMBER_OF, expression=f"ec2InstanceId in [{', '.join(members)}]"
        )
        try:
            result = place(
                _demand(env, task),
                instances=index,
                group=task.group,
                strategies=record.strategies,
                constraints=[*record.constraints, mine],
                rng=rng,
            )
        except UsageError:  # pragma: no cover - checked when the task was run
            continue
        if result.tasks and start_waiting(env, task, result.tasks[0], record.subnets):
            del env.state.waiting[record.task]


def _scale_out(env: Env, cluster: str, provider_name: str) -> None:
    """Launch the instances the provider's waiting tasks in ``cluster`` need (see the module's documentation)."""
    provider = env.state.providers.get(provider_name)
    scaling = managed_scaling(provider) if provider is not None else None
    waiting = _waiting(env, cluster, provider_name)
    if provider is None or scaling is None or not waiting:
        return
    asg = provider.auto_scaling_group
    group = find_group(env, asg.auto_scaling_group_arn)
    # what its instances will register
    fresh = registered_resources(instance_type_or_default(group.instance_type), trunking=trunking_on(env))
    bins: list[tuple[Resources, PortSet]] = []
    for record in waiting:
        demand = _demand(env, env.state.tasks[record.task])
        need, ports = demand.resources, demand.ports
        if not need.fits_in(fresh.resources) or not _ports_free(ports, fresh.ports):
            continue
        for n, (room, used) in enumerate(bins):
            if need.fits_in(room) and _ports_free(ports, used):
                bins[n] = (room - need, used | ports)
                break
        else:
            bins.append((fresh.resources - need, fresh.ports | ports))
    launching = sum(not i.ready for i in group.instances)
    short = len(bins) - launching
    if short <= 0:
        return
    index = cluster_index(env, cluster)
    members = set(provider_members(env, cluster, provider_name))
    busy = sum(1 for i in index if i.ec2_instance_id in members and i.running_tasks_count)
    current = len(group.instances)
    wanted = math.ceil((busy + len(bins)) * 100 / (scaling.target_capacity or 100))
    add = max(short, wanted - current, scaling.minimum_scaling_step_size or 1)
    add = min(add, scaling.maximum_scaling_step_size or 10_000, group.max_size - current)
    if add > 0:
        warmup = scaling.instance_warmup_period if scaling.instance_warmup_period is not None else 300
        launch_instances(env, group, add, float(warmup))


def _ports_free(wanted: PortSet, used: PortSet) -> bool:
    return wanted.tcp.isdisjoint(used.tcp) and wanted.udp.isdisjoint(used.udp)


def _queue_retry(env: Env, cluster: str) -> None:
    if cluster in env.state.retries:
        return
    due = env.now + RETRY_SECONDS
    env.state.retries[cluster] = due
    env.at(due, CapacityRetry(cluster=cluster))


def retry(env: Env, event: CapacityRetry) -> None:
    """The queued retry of a cluster's waiting tasks is due: place what can be placed, scale out for the rest (a
    scaling decision happens at RunTask and at these retries only, as managed scaling acts on a metric period),
    and look again later while tasks wait."""
    cluster = event.cluster
    env.state.retries.pop(cluster, None)
    _place_waiting(env, cluster)
    waiting = _waiting(env, cluster)
    for provider in dict.fromkeys(w.provider for w in waiting):
        _scale_out(env, cluster, provider)
    if waiting:
        _queue_retry(env, cluster)


def instance_ready(env: Env, event: InstanceReady) -> None:
    """An instance launched by a scale-out is up: it registers, its cluster's daemons start their tasks on it
    ("before scheduling other tasks"), and the waiting tasks that fit go to it."""
    cluster = register_ready(env, event.group, event.instance)
    if cluster is not None:
        daemons.reconcile_cluster(env, cluster)
        _place_waiting(env, cluster)
