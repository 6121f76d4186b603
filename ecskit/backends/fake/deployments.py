"""Deployments of services: their records (``Deployment`` in a service, ``ServiceDeployment`` for
DescribeServiceDeployments), deployment configuration defaults, the circuit breaker's threshold, the capacity
provider split and service events.

* ``deploymentConfiguration`` defaults: ``maximumPercent`` 200 and ``minimumHealthyPercent`` 100 (DAEMON: 100 and
  0), circuit breaker off.
* The circuit breaker's threshold: ``ceil(0.5 * desiredCount)``, at least 3 and at most 200 (what the API reference
  of ``ServiceDeploymentCircuitBreaker`` states today; before 2023 the minimum was 10).
* Capacity provider split: ``base`` tasks first go to the provider that has a base; the rest follow the weights
  (each new task goes to the weighted provider furthest below its share of the tasks beyond the bases).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ecskit.backends.fake.env import Env, fail
from ecskit.models import replace
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    DeploymentCircuitBreaker,
    DeploymentConfiguration,
    DeploymentRolloutState,
    Service,
    ServiceDeployment,
    ServiceDeploymentCircuitBreaker,
    ServiceDeploymentRollbackMonitorsStatus,
    ServiceDeploymentStatus,
    ServiceEvent,
    ServiceRevisionSummary,
)
from ecskit.models.ecs import (
    Deployment as DeploymentModel,
)

__all__ = [
    "MAX_EVENTS",
    "add_event",
    "configuration",
    "failure_threshold",
    "new_deployment",
    "next_provider",
    "set_service_deployment",
]

#: How many events a service keeps (newest first), as on AWS.
MAX_EVENTS = 100


def configuration(given: DeploymentConfiguration | None, *, daemon: bool) -> DeploymentConfiguration:
    """The deployment configuration a service shows: the given one with AWS's defaults filled in."""
    config = given or DeploymentConfiguration()
    maximum = config.maximum_percent if config.maximum_percent is not None else (100 if daemon else 200)
    minimum = config.minimum_healthy_percent if config.minimum_healthy_percent is not None else (0 if daemon else 100)
    if minimum < 0 or minimum > 100:
        fail("InvalidParameterException", "minimumHealthyPercent must be between 0 and 100.")
    if maximum < 100 and not daemon:
        fail("InvalidParameterException", "maximumPercent must be at least 100.")
    breaker = config.deployment_circuit_breaker or DeploymentCircuitBreaker(enable=False, rollback=False)
    return replace(config, maximum_percent=maximum, minimum_healthy_percent=minimum, deployment_circuit_breaker=breaker)


def failure_threshold(desired: int) -> int:
    """How many failed tasks make the circuit breaker fail a deployment."""
    return max(3, min(200, math.ceil(desired / 2)))


def new_deployment(env: Env, service: Service, task_definition: str, desired: int) -> DeploymentModel:
    """A new PRIMARY deployment (IN_PROGRESS) of ``task_definition`` for ``service``."""
    digits = str(int(env.ids.hex32()[:16], 16) % 10**19).rjust(19, "0")
    now = env.clock.now()
    return DeploymentModel(
        id=f"ecs-svc/{digits}",
        status="PRIMARY",
        task_definition=task_definition,
        desired_count=desired,
        pending_count=0,
        running_count=0,
        failed_tasks=0,
        created_at=now,
        updated_at=now,
        capacity_provider_strategy=service.capacity_provider_strategy,
        launch_type=service.launch_type,
        platform_version=service.platform_version,
        platform_family=service.platform_family,
        network_configuration=service.network_configuration,
        rollout_state=DeploymentRolloutState.IN_PROGRESS,
        rollout_state_reason=f"ECS deployment ecs-svc/{digits} in progress.",
    )


def add_event(env: Env, service: Service, message: str) -> Service:
    """``service`` with an event added (newest first; the oldest beyond :data:`MAX_EVENTS` dropped)."""
    event = ServiceEvent(id=env.ids.uuid(), created_at=env.clock.now(), message=message)
    return replace(service, events=(event, *(service.events or ()))[:MAX_EVENTS])


def set_service_deployment(
    env: Env,
    service: Service,
    deployment: DeploymentModel,
    status: ServiceDeploymentStatus,
    *,
    source: str | None = None,
    reason: str | None = None,
    failures: int = 0,
) -> str:
    """Create or update the ServiceDeployment record of ``deployment``; returns its ARN."""
    run = env.state.service_runs[service.service_arn or ""]
    dep_id = deployment.id or ""
    arn = run.deployment_arns.get(dep_id)
    now = env.clock.now()
    config = service.deployment_configuration
    breaker = config.deployment_circuit_breaker if config is not None else None
    enabled = breaker is not None and breaker.enable
    finished = status not in (ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS)
    monitor = ServiceDeploymentRollbackMonitorsStatus.DISABLED
    if enabled:
        monitor = (
            ServiceDeploymentRollbackMonitorsStatus.TRIGGERED
            if reason is not None and "circuit breaker" in reason
            else ServiceDeploymentRollbackMonitorsStatus.MONITORING_COMPLETE
            if finished
            else ServiceDeploymentRollbackMonitorsStatus.MONITORING
        )
    circuit = ServiceDeploymentCircuitBreaker(
        status=monitor, failure_count=failures, threshold=failure_threshold(service.desired_count or 0)
    )
    target = ServiceRevisionSummary(
        arn=deployment.task_definition,
        requested_task_count=deployment.desired_count,
        running_task_count=deployment.running_count,
        pending_task_count=deployment.pending_count,
    )
    if arn is None:
        cluster = service.cluster_arn.rsplit("/", 1)[-1] if service.cluster_arn else ""
        arn = env.arn(f"service-deployment/{cluster}/{service.service_name}/{dep_id.rsplit('/', 1)[-1]}")
        run.deployment_arns[dep_id] = arn
        env.state.service_deployments[arn] = ServiceDeployment(
            service_deployment_arn=arn,
            service_arn=service.service_arn,
            cluster_arn=service.cluster_arn,
            created_at=now,
            started_at=now,
            source_service_revisions=(ServiceRevisionSummary(arn=source),) if source else (),
            deployment_configuration=config,
        )
    record = env.state.service_deployments[arn]
    env.state.service_deployments[arn] = replace(
        record,
        status=status,
        status_reason=reason,
        updated_at=now,
        finished_at=now if finished else None,
        target_service_revision=target,
        deployment_circuit_breaker=circuit,
    )
    return arn


def next_provider(strategy: Sequence[CapacityProviderStrategyItem], counts: Mapping[str, int]) -> str:
    """The capacity provider of the next task, given how many live tasks each provider has (see the module)."""
    for item in strategy:
        if counts.get(item.capacity_provider, 0) < (item.base or 0):
            return item.capacity_provider
    weighted = [i for i in strategy if (i.weight or 0) > 0]
    if not weighted:
        fail("InvalidParameterException", "The capacity provider strategy needs a provider with a weight above 0.")

    def share(item: CapacityProviderStrategyItem) -> float:
        beyond = max(0, counts.get(item.capacity_provider, 0) - (item.base or 0))
        return (beyond + 1) / (item.weight or 1)

    return min(weighted, key=share).capacity_provider
