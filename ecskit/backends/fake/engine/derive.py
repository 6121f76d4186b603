"""A restored fake's derived members, computed again from its records, and the records checked against each
other on the way: what a snapshot edited by hand may have broken (a task on an instance its cluster does not have,
two tasks on one address, a service of a task definition that does not exist) is a
:class:`~ecskit.errors.SnapshotError` naming it, before anything runs."""

from __future__ import annotations

from collections.abc import Iterable

from ecskit._text import whole
from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS
from ecskit.backends.fake.core.daemons import runs
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import ImageScanStep, Step, TaskStep
from ecskit.backends.fake.core.region import Region, World
from ecskit.backends.fake.core.tasks import STOPPED
from ecskit.backends.fake.engine.launch import demand_of, with_overrides
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.tasks import count
from ecskit.errors import SnapshotError, UsageError

__all__ = ["rebuild"]


def _definition(region: Region, arn: str) -> DefinitionRecord | None:
    family, _, revision = arn.rsplit("/", 1)[-1].partition(":")
    number = whole(revision)  # None for "\u00b2" (str.isdigit takes it, int() does not); no int() of 5,000 digits
    if number is None:
        return None
    if "daemon-task-definition/" in arn:  # a daemon's task: what its daemon task definition runs
        daemons = region.daemon_definitions.get(family, ())
        return runs(daemons[number - 1]) if 1 <= number <= len(daemons) else None
    revisions = region.definitions.get(family, ())
    return revisions[number - 1] if 1 <= number <= len(revisions) else None


def _providers_there(region: Region, names: Iterable[str | None], who: str) -> None:
    """The capacity providers ``who`` names are there (the launch looks each one up by name)."""
    for name in names:
        if name is not None and name not in FARGATE_PROVIDERS and name not in region.providers:
            raise SnapshotError(f"{who} names capacity provider {name}, which is not there")


def _check(region: Region) -> None:
    where = f"account {region.account} in {region.region}"
    for family, revisions in region.definitions.items():
        for n, definition in enumerate(revisions, 1):
            if definition.family != family or definition.revision != n:
                raise SnapshotError(f"{where}: task definition {family} holds revision {definition.revision} at {n}")
            if definition.arn != region.arn(f"task-definition/{family}:{n}"):
                raise SnapshotError(f"{where}: task definition {family}:{n} is saved with the ARN {definition.arn}")
    for name, cluster in region.clusters.items():
        if cluster.name != name:
            raise SnapshotError(f"{where}: cluster {name} is saved under the name {cluster.name}")
        associated = [*cluster.capacity_providers, *(i.capacity_provider for i in cluster.default_strategy)]
        _providers_there(region, associated, f"{where}: cluster {name}")
    for arn, instance in region.instances.items():
        if instance.arn != arn or instance.cluster not in region.clusters:
            raise SnapshotError(f"{where}: container instance {arn} is not in a cluster it names")
    for arn, task in region.tasks.items():
        if task.arn != arn or task.cluster not in region.clusters:
            raise SnapshotError(f"{where}: task {arn} is not in a cluster it names")
        runs = _definition(region, task.definition_arn)
        if runs is None:
            raise SnapshotError(f"{where}: task {arn} runs task definition {task.definition_arn}, which is not there")
        # The lifecycle looks each container up in the other (a name missing on either side would fail mid-run).
        names = [c.name for c in runs.body.container_definitions or ()]
        if [c.name for c in task.containers] != names:
            raise SnapshotError(f"{where}: task {arn} does not have the containers of {task.definition_arn}")
        if not set(task.starting) <= set(names):
            raise SnapshotError(f"{where}: task {arn} starts a container it does not have")
        if task.instance_arn is not None and task.instance_arn not in region.instances:
            raise SnapshotError(f"{where}: task {arn} names container instance {task.instance_arn}, which is not there")
        placement = task.placement
        if placement is not None and placement.instance_id != task.instance_arn:
            raise SnapshotError(f"{where}: task {arn} is placed on {placement.instance_id}, not on its instance")
        if placement is not None:
            holder = region.instances.get(placement.instance_id)
            if task.last_status == STOPPED or holder is None or not holder.live or holder.cluster != task.cluster:
                raise SnapshotError(f"{where}: task {arn} is placed on {placement.instance_id}, which cannot hold it")
            # What a placement holds is what its task takes (the engine frees and shows exactly that).
            demand = placement.demand
            if (
                demand != demand_of(with_overrides(runs.body, task.overrides))
                or len(placement.dynamic_tcp_ports) != demand.dynamic_tcp
                or len(placement.dynamic_udp_ports) != demand.dynamic_udp
            ):
                raise SnapshotError(f"{where}: task {arn} holds on its instance other than what it takes")
    for arn, service in region.services.items():
        # A service of the ECS controller has a deployment; one of task sets has none (and may have no set).
        if (
            service.arn != arn
            or service.cluster not in region.clusters
            or service.runs_task_sets == bool(service.deployments)
        ):
            raise SnapshotError(f"{where}: service {arn} is not in a cluster it names, or has no deployment")
        if service.task_sets and not service.runs_task_sets:
            raise SnapshotError(f"{where}: service {arn} has task sets, but its controller runs deployments")
        strategies = [service.capacity_provider_strategy, *(s.capacity_provider_strategy for s in service.task_sets)]
        providers = [i.capacity_provider for strategy in strategies for i in strategy or ()]
        _providers_there(region, providers, f"{where}: service {arn}")
        used_by = [d.task_definition for d in service.deployments] + [s.task_definition for s in service.task_sets]
        if service.task_definition is not None:
            used_by.append(service.task_definition)
        for used in used_by:
            if _definition(region, used) is None:
                raise SnapshotError(f"{where}: service {arn} runs {used}, which is not there")
        # Service deployment records are never dropped: every one a service names is there.
        for named in (service.current_service_deployment, *service.deployment_arns.values()):
            if named is not None and named not in region.service_deployments:
                raise SnapshotError(f"{where}: service {arn} names service deployment {named}, which is not there")
    for arn in region.waiting:
        if arn not in region.tasks:
            raise SnapshotError(f"{where}: a task waits for capacity that is not there: {arn}")


def _derive(world: World, region: Region) -> None:
    env = Env(world, region)
    for cluster in region.clusters.values():
        cluster.registered = sum(1 for i in region.instances.values() if i.cluster == cluster.name and i.live)
    for task in region.tasks.values():
        count(env, task, None, task.last_status, bump=False)
        eni = task.eni
        if eni is not None and task.last_status != STOPPED:
            subnet = region.subnets.get(eni.subnet_id)
            if subnet is None:
                raise SnapshotError(f"task {task.arn} has an address in subnet {eni.subnet_id}, which is not there")
            try:
                host = subnet.host_of(eni.address)
            except (UsageError, ValueError):
                raise SnapshotError(f"task {task.arn} has address {eni.address}, outside {subnet.subnet_id}") from None
            if host in subnet.used:
                raise SnapshotError(f"two tasks hold address {eni.address} of {subnet.subnet_id}")
            subnet.hold(eni.address)
    try:
        for name in region.clusters:
            cluster_index(env, name)
    except UsageError as exc:
        raise SnapshotError(f"account {region.account} in {region.region}: {exc}") from None


#: The steps of a task's lifecycle that act on one of its containers (named by the step).
_CONTAINER_STEPS = frozenset({Step.START, Step.EXITED, Step.HEALTHY, Step.UNHEALTHY})
#: What a queued step of an image scan does.
_SCAN_STEPS = frozenset({"done", "eligibility"})


def _check_queue(world: World) -> None:
    """The queued events that name what their handler looks up: a container of a task still there (a task's
    containers never change, so no engine queues a step of another), a scan step the engine knows."""
    for due, _, account, region_name, event in world.queue:
        where = f"queue: the event due at {due} in account {account} in {region_name}"
        if isinstance(event, TaskStep) and event.step in _CONTAINER_STEPS:
            task = world.regions[(account, region_name)].tasks.get(event.task)
            if task is not None and all(c.name != event.container for c in task.containers):
                raise SnapshotError(f"{where}: task {event.task} has no container {event.container!r}")
        elif isinstance(event, ImageScanStep) and event.step not in _SCAN_STEPS:
            raise SnapshotError(f"{where}: {event.step!r} is not a step of a scan (done or eligibility)")


def rebuild(world: World) -> None:
    """Check a restored fake's records against each other and compute their derived members."""
    _check_queue(world)
    for region in world.regions.values():
        try:
            _check(region)
            _derive(world, region)
        except SnapshotError:
            raise
        except (LookupError, TypeError, ValueError, ArithmeticError) as exc:
            # What the checks above did not foresee is still a snapshot that does not hold together, never a
            # traceback from inside the engine.
            problem = f"{type(exc).__name__}: {exc}"
            where = f"account {region.account} in {region.region}"
            raise SnapshotError(f"{where}: the saved records do not hold together ({problem})") from None
