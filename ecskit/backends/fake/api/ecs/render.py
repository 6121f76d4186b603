"""The fake's records as Amazon ECS shows them: the wire models the handlers answer with. Counters that AWS shows
(a cluster's tasks, a service's running count, a deployment's) are computed here from the records; what only some
calls show (tags, instance health) is added when the call asks for it. Not a handler module: the handlers of ECS
share it. Tasks and container instances are shown by :mod:`~ecskit.backends.fake.engine.views` (re-exported here),
which the fake's EventBridge events show too."""

from __future__ import annotations

from collections.abc import Collection

from ecskit.backends.fake.core.capacity import ProviderRecord
from ecskit.backends.fake.core.clusters import ClusterRecord
from ecskit.backends.fake.core.daemons import DaemonDefinitionRecord, DaemonDeploymentRecord, DaemonRecord
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.find import service_tasks
from ecskit.backends.fake.core.services import DeploymentRecord, ServiceDeploymentRecord, ServiceRecord, TaskSetRecord
from ecskit.backends.fake.core.tasks import PENDING_STATES, RUNNING, STOPPED, TaskRecord
from ecskit.backends.fake.engine.task_sets import computed_desired_count, counts
from ecskit.backends.fake.engine.views import container_instance, launched, stopping, task
from ecskit.models import make, replace
from ecskit.models.ecs import (
    CapacityProvider,
    CapacityProviderStatus,
    CapacityProviderType,
    Cluster,
    DaemonCapacityProvider,
    DaemonCircuitBreaker,
    DaemonDeployment,
    DaemonDeploymentAlarms,
    DaemonDeploymentCapacityProvider,
    DaemonDeploymentRevisionDetail,
    DaemonDeploymentRollbackMonitorsStatus,
    DaemonDeploymentSummary,
    DaemonDetail,
    DaemonRevisionDetail,
    DaemonRollback,
    DaemonSummary,
    DaemonTaskDefinition,
    DaemonTaskDefinitionSummary,
    Deployment,
    DeploymentLifecycleHookDetail,
    DeploymentLifecycleHookTargetType,
    KeyValuePair,
    LaunchType,
    PropagateTags,
    Rollback,
    Service,
    ServiceDeployment,
    ServiceDeploymentCircuitBreaker,
    ServiceRevisionSummary,
    Tag,
    TaskDefinition,
    TaskSet,
)

__all__ = [
    "built_in_provider",
    "cluster",
    "container_instance",
    "daemon",
    "daemon_definition",
    "daemon_definition_summary",
    "daemon_deployment",
    "daemon_deployment_summary",
    "daemon_summary",
    "launched",
    "provider",
    "service",
    "service_deployment",
    "stopping",
    "task",
    "task_definition",
    "task_set",
]


#: What ``include`` of DescribeClusters adds; the calls that create or change a cluster show these two.
_CHANGED = frozenset({"SETTINGS", "CONFIGURATIONS"})


def _statistics(env: Env, record: ClusterRecord) -> tuple[KeyValuePair, ...]:
    """The counts ``include=["STATISTICS"]`` adds, by launch type, in the order of the API reference (Cluster)."""
    counts = dict.fromkeys(
        (
            "runningEC2TasksCount",
            "runningFargateTasksCount",
            "pendingEC2TasksCount",
            "pendingFargateTasksCount",
            "activeEC2ServiceCount",
            "activeFargateServiceCount",
            "drainingEC2ServiceCount",
            "drainingFargateServiceCount",
        ),
        0,
    )
    for one in env.state.tasks.values():
        if one.cluster != record.name or one.launch_type not in (LaunchType.EC2, LaunchType.FARGATE):
            continue
        kind = "Fargate" if one.launch_type == LaunchType.FARGATE else "EC2"
        if one.last_status == RUNNING:
            counts[f"running{kind}TasksCount"] += 1
        elif one.last_status in PENDING_STATES:
            counts[f"pending{kind}TasksCount"] += 1
    for service in env.state.services.values():
        if service.cluster != record.name or service.status not in ("ACTIVE", "DRAINING"):
            continue
        fargate = service.launch_type == LaunchType.FARGATE or any(
            i.capacity_provider in ("FARGATE", "FARGATE_SPOT") for i in service.capacity_provider_strategy or ()
        )
        state = "active" if service.status == "ACTIVE" else "draining"
        counts[f"{state}{'Fargate' if fargate else 'EC2'}ServiceCount"] += 1
    return tuple(KeyValuePair(name=name, value=str(value)) for name, value in counts.items())


def cluster(
    env: Env, record: ClusterRecord, tags: tuple[Tag, ...] = (), include: Collection[str] = _CHANGED
) -> Cluster:
    """A cluster as the calls about it show it: always its counts, capacity providers and Service Connect defaults;
    the members ``include`` names (DescribeClusters' ``include``) when named, the others empty or left out as AWS
    leaves them (the calls that create or change a cluster show its settings and configuration)."""
    services = sum(1 for s in env.state.services.values() if s.cluster == record.name and s.status == "ACTIVE")
    return Cluster(
        cluster_arn=record.arn,
        cluster_name=record.name,
        status=record.status,
        registered_container_instances_count=record.registered,
        running_tasks_count=record.running,
        pending_tasks_count=record.pending,
        active_services_count=services,
        statistics=_statistics(env, record) if "STATISTICS" in include else (),
        tags=tags,
        settings=record.settings if "SETTINGS" in include else (),
        capacity_providers=record.capacity_providers,
        default_capacity_provider_strategy=record.default_strategy,
        configuration=record.configuration if "CONFIGURATIONS" in include else None,
        service_connect_defaults=record.service_connect_defaults,
    )


def task_definition(record: DefinitionRecord) -> TaskDefinition:
    """A revision as DescribeTaskDefinition shows it."""
    body = record.body
    if body.status == record.status and record.deregistered_at is None and record.delete_requested_at is None:
        return body
    return replace(
        body,
        status=record.status,
        deregistered_at=record.deregistered_at,
        delete_requested_at=record.delete_requested_at,
    )


def _deployment(
    service: ServiceRecord, deployment: DeploymentRecord, primary: bool, tasks: list[TaskRecord]
) -> Deployment:
    mine = [t for t in tasks if t.started_by == deployment.id]
    live = sum(t.live for t in mine)
    return make(
        Deployment,
        {
            "id": deployment.id,
            "status": deployment.status,
            "task_definition": deployment.task_definition,
            "desired_count": service.desired_count if primary else live,
            "pending_count": sum(t.last_status in PENDING_STATES for t in mine),
            "running_count": sum(t.last_status == RUNNING for t in mine),
            "failed_tasks": deployment.failed_tasks,
            "created_at": deployment.created_at,
            "updated_at": deployment.updated_at,
            "capacity_provider_strategy": deployment.capacity_provider_strategy,
            "launch_type": deployment.launch_type,
            "platform_version": deployment.platform_version,
            "network_configuration": deployment.network_configuration,
            "rollout_state": deployment.rollout_state,
            "rollout_state_reason": deployment.rollout_state_reason,
        },
    )


def task_set(
    env: Env,
    service: ServiceRecord,
    record: TaskSetRecord,
    tasks: list[TaskRecord] | None = None,
    tags: tuple[Tag, ...] | None = None,
) -> TaskSet:
    """A task set as DescribeTaskSets shows it (its counts from its tasks)."""
    running, pending = counts(record, service_tasks(env, service) if tasks is None else tasks)
    return make(
        TaskSet,
        {
            "id": record.id,
            "task_set_arn": record.arn,
            "service_arn": service.arn,
            "cluster_arn": env.arn(f"cluster/{service.cluster}"),
            "started_by": record.started_by,
            "external_id": record.external_id,
            "status": record.status,
            "task_definition": record.task_definition,
            "computed_desired_count": computed_desired_count(service, record),
            "pending_count": pending,
            "running_count": running,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "launch_type": record.launch_type,
            "capacity_provider_strategy": record.capacity_provider_strategy,
            "platform_version": record.platform_version,
            "network_configuration": record.network_configuration,
            "load_balancers": record.load_balancers,
            "service_registries": record.service_registries,
            "scale": record.scale,
            "stability_status": record.stability_status,
            "stability_status_at": record.stability_status_at,
            "tags": tags,
        },
    )


def service(env: Env, record: ServiceRecord, tags: tuple[Tag, ...] | None = None) -> Service:
    """A service as DescribeServices shows it (its counts from its tasks; a service of task sets shows them, and no
    deployments: "used only when a service uses the ECS deployment controller type")."""
    tasks = service_tasks(env, record)
    sets = tuple(task_set(env, record, s, tasks) for s in record.task_sets) if record.runs_task_sets else None
    return make(
        Service,
        {
            "service_arn": record.arn,
            "service_name": record.name,
            "cluster_arn": env.arn(f"cluster/{record.cluster}"),
            "load_balancers": record.load_balancers,
            "service_registries": record.service_registries,
            "status": record.status,
            "desired_count": record.desired_count,
            "running_count": sum(t.last_status == RUNNING for t in tasks),
            "pending_count": sum(t.last_status in PENDING_STATES for t in tasks),
            "launch_type": record.launch_type,
            "capacity_provider_strategy": record.capacity_provider_strategy,
            "platform_version": record.platform_version,
            "task_definition": record.task_definition,
            "deployment_configuration": record.deployment_configuration,
            "task_sets": sets,
            "deployments": tuple(_deployment(record, d, n == 0, tasks) for n, d in enumerate(record.deployments)),
            "events": tuple(record.events),
            "created_at": record.created_at,
            "current_service_deployment": record.current_service_deployment,
            "placement_constraints": record.placement_constraints,
            "placement_strategy": record.placement_strategy,
            "network_configuration": record.network_configuration,
            "health_check_grace_period_seconds": record.health_check_grace_period_seconds,
            "scheduling_strategy": record.scheduling_strategy,
            "deployment_controller": record.deployment_controller,
            "tags": tags,
            "created_by": record.created_by,
            "enable_ecs_managed_tags": record.enable_ecs_managed_tags,
            "propagate_tags": record.propagate_tags or PropagateTags.NONE,
            "enable_execute_command": record.enable_execute_command,
        },
    )


def service_deployment(record: ServiceDeploymentRecord) -> ServiceDeployment:
    """A service deployment as DescribeServiceDeployments shows it."""
    rollback = None
    if record.rollback_reason is not None:
        rollback = Rollback(
            reason=record.rollback_reason,
            started_at=record.rollback_started_at,
            service_revision_arn=record.rollback_revision,
        )
    hooks = tuple(
        DeploymentLifecycleHookDetail(
            hook_id=p.hook_id,
            target_type=DeploymentLifecycleHookTargetType.PAUSE,
            status=p.status,
            expires_at=p.expires_at,
            timeout_action=p.timeout_action,
        )
        for p in record.pauses
    )
    return ServiceDeployment(
        service_deployment_arn=record.arn,
        service_arn=record.service_arn,
        cluster_arn=record.cluster_arn,
        created_at=record.created_at,
        started_at=record.created_at,
        updated_at=record.updated_at,
        finished_at=record.finished_at,
        stopped_at=record.stopped_at,
        source_service_revisions=(ServiceRevisionSummary(arn=record.source),) if record.source else (),
        target_service_revision=ServiceRevisionSummary(
            arn=record.target,
            requested_task_count=record.requested,
            running_task_count=record.running,
            pending_task_count=record.pending,
        ),
        status=record.status,
        status_reason=record.status_reason,
        lifecycle_stage=record.lifecycle_stage,
        lifecycle_hook_details=hooks or None,
        deployment_configuration=record.deployment_configuration,
        rollback=rollback,
        deployment_circuit_breaker=ServiceDeploymentCircuitBreaker(
            status=record.circuit_breaker, failure_count=record.failures, threshold=record.threshold
        ),
    )


def provider(env: Env, record: ProviderRecord, tags: bool = False) -> CapacityProvider:
    """An Auto Scaling group capacity provider as DescribeCapacityProviders shows it."""
    return CapacityProvider(
        capacity_provider_arn=record.arn,
        name=record.name,
        status=record.status,
        auto_scaling_group_provider=record.auto_scaling_group,
        update_status=record.update_status,
        update_status_reason=record.update_status_reason,
        tags=env.state.tags.get(record.arn, ()) if tags else (),
        type=CapacityProviderType.EC2_AUTOSCALING,
    )


def built_in_provider(env: Env, name: str) -> CapacityProvider:
    """FARGATE or FARGATE_SPOT, as every account has them."""
    return CapacityProvider(
        capacity_provider_arn=env.arn(f"capacity-provider/{name}"),
        name=name,
        status=CapacityProviderStatus.ACTIVE,
        tags=(),
        type=CapacityProviderType(name),
    )


# -- daemons ---------------------------------------------------------------------------------------------------------


def daemon_definition(record: DaemonDefinitionRecord) -> DaemonTaskDefinition:
    """A daemon task definition revision as DescribeDaemonTaskDefinition shows it."""
    return replace(record.body, status=record.status, delete_requested_at=record.delete_requested_at)


def daemon_definition_summary(record: DaemonDefinitionRecord) -> DaemonTaskDefinitionSummary:
    """A daemon task definition revision as ListDaemonTaskDefinitions lists it."""
    return DaemonTaskDefinitionSummary(
        arn=record.arn,
        registered_at=record.registered_at,
        registered_by=record.registered_by,
        delete_requested_at=record.delete_requested_at,
        status=record.status,
    )


def _daemon_instances(env: Env, daemon: DaemonRecord) -> dict[str, list[tuple[TaskRecord, str]]]:
    """Container instance ARN -> the daemon's tasks there that are not STOPPED, with their revisions."""
    found: dict[str, list[tuple[TaskRecord, str]]] = {}
    for arn, revision in daemon.tasks.items():
        task = env.state.tasks.get(arn)
        if task is not None and task.last_status != STOPPED and task.instance_arn is not None:
            found.setdefault(task.instance_arn, []).append((task, revision))
    return found


def _provider_arn(env: Env, name: str) -> str:
    return env.arn(f"capacity-provider/{name}")


def daemon(env: Env, record: DaemonRecord) -> DaemonDetail:
    """A daemon as DescribeDaemon shows it: each revision with RUNNING tasks, counted per capacity provider."""
    counts: dict[str, dict[str, int]] = {}
    for arn, revision in record.tasks.items():
        task = env.state.tasks.get(arn)
        if task is not None and task.last_status == RUNNING:
            per = counts.setdefault(revision, {})
            provider = task.capacity_provider or ""
            per[provider] = per.get(provider, 0) + 1
    if record.revision not in counts:
        counts = {record.revision: {}, **counts}
    revisions = tuple(
        DaemonRevisionDetail(
            arn=revision,
            capacity_providers=tuple(
                DaemonCapacityProvider(arn=_provider_arn(env, p), running_count=per.get(p, 0))
                for p in record.capacity_providers
            ),
            total_running_count=sum(per.values()),
        )
        for revision, per in counts.items()
    )
    return DaemonDetail(
        daemon_arn=record.arn,
        cluster_arn=env.arn(f"cluster/{record.cluster}"),
        status=record.status,
        current_revisions=revisions,
        deployment_arn=record.deployment,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def daemon_summary(record: DaemonRecord) -> DaemonSummary:
    """A daemon as ListDaemons lists it."""
    return DaemonSummary(
        daemon_arn=record.arn, status=record.status, created_at=record.created_at, updated_at=record.updated_at
    )


def _revision_detail(
    env: Env, record: DaemonDeploymentRecord, revision: str, on: dict[str, list[tuple[TaskRecord, str]]]
) -> DaemonDeploymentRevisionDetail:
    running: dict[str, int] = {}
    draining: dict[str, int] = {}
    for instance, tasks in on.items():
        mine = [t for t, r in tasks if r == revision]
        if not mine:
            continue
        provider = mine[0].capacity_provider or ""
        if instance in record.batch and any(not t.live for t in mine):
            draining[provider] = draining.get(provider, 0) + 1
        elif any(t.last_status == RUNNING for t in mine):
            running[provider] = running.get(provider, 0) + 1
    return DaemonDeploymentRevisionDetail(
        arn=revision,
        capacity_providers=tuple(
            DaemonDeploymentCapacityProvider(
                arn=_provider_arn(env, p),
                running_instance_count=running.get(p, 0),
                draining_instance_count=draining.get(p, 0),
            )
            for p in record.capacity_providers
        ),
        total_running_instance_count=sum(running.values()),
        total_draining_instance_count=sum(draining.values()),
    )


def daemon_deployment(env: Env, record: DaemonDeploymentRecord) -> DaemonDeployment:
    """A daemon deployment as DescribeDaemonDeployments shows it: for the revision it deploys and each it replaces,
    the instances running it and those draining it, per capacity provider (the counts of now, for a deployment of a
    daemon that is still there)."""
    owner = env.state.daemons.get(record.daemon_arn)
    on = _daemon_instances(env, owner) if owner is not None else {}
    config = record.configuration
    alarms = config.alarms
    enabled = alarms is not None and bool(alarms.enable)
    rollback = None
    if record.rollback_reason is not None:
        rollback = DaemonRollback(
            reason=record.rollback_reason,
            started_at=record.rollback_started_at,
            rollback_target_daemon_revision_arn=record.rollback_target,
            rollback_capacity_providers=tuple(_provider_arn(env, p) for p in record.capacity_providers),
        )
    return DaemonDeployment(
        daemon_deployment_arn=record.arn,
        cluster_arn=record.cluster_arn,
        status=record.status,
        status_reason=record.status_reason,
        target_daemon_revision=_revision_detail(env, record, record.target, on) if record.target else None,
        source_daemon_revisions=tuple(_revision_detail(env, record, r, on) for r in record.sources),
        circuit_breaker=DaemonCircuitBreaker(
            failure_count=record.failures, status=record.circuit_breaker, threshold=record.threshold
        ),
        alarms=DaemonDeploymentAlarms(
            status=(
                DaemonDeploymentRollbackMonitorsStatus.DISABLED
                if not enabled
                else DaemonDeploymentRollbackMonitorsStatus.MONITORING
                if record.live
                else DaemonDeploymentRollbackMonitorsStatus.MONITORING_COMPLETE
            ),
            alarm_names=alarms.alarm_names if alarms is not None else (),
            triggered_alarm_names=(),
        ),
        rollback=rollback,
        deployment_configuration=config,
        created_at=record.created_at,
        started_at=record.started_at,
        stopped_at=record.stopped_at,
        finished_at=record.finished_at,
    )


def daemon_deployment_summary(record: DaemonDeploymentRecord) -> DaemonDeploymentSummary:
    """A daemon deployment as ListDaemonDeployments lists it."""
    return DaemonDeploymentSummary(
        daemon_deployment_arn=record.arn,
        daemon_arn=record.daemon_arn,
        cluster_arn=record.cluster_arn,
        status=record.status,
        status_reason=record.status_reason,
        target_daemon_revision_arn=record.target,
        created_at=record.created_at,
        started_at=record.started_at,
        stopped_at=record.stopped_at,
        finished_at=record.finished_at,
    )
