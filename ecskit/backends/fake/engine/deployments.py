"""Deployments of services: deployment configuration defaults, new deployments, the circuit breaker's threshold,
service events and the service deployment records DescribeServiceDeployments shows.

* ``deploymentConfiguration`` defaults: ``maximumPercent`` 200 and ``minimumHealthyPercent`` 100 (DAEMON: 100 and
  0), circuit breaker off.
* The circuit breaker's threshold: ``ceil(0.5 * desiredCount)``, at least 3 and at most 200 (what the API reference
  of ``ServiceDeploymentCircuitBreaker`` states today; before 2023 the minimum was 10).
"""

from __future__ import annotations

import math

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.find import service_tasks
from ecskit.backends.fake.core.services import DeploymentRecord, ServiceDeploymentRecord, ServiceRecord
from ecskit.backends.fake.core.tasks import PENDING_STATES, RUNNING
from ecskit.backends.fake.engine.ecs_events import COMPLETED, IN_PROGRESS, deployment_changed
from ecskit.models import replace
from ecskit.models.ecs import (
    DeploymentCircuitBreaker,
    DeploymentConfiguration,
    ServiceDeploymentRollbackMonitorsStatus,
    ServiceDeploymentStatus,
    ServiceEvent,
)
from ecskit.texts import ecs

__all__ = [
    "MAX_EVENTS",
    "add_event",
    "configuration",
    "failure_threshold",
    "new_deployment",
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
        refuse(ecs.DEPLOYMENT_MIN_HEALTHY)
    if maximum < 100 and not daemon:
        refuse(ecs.DEPLOYMENT_MAX_PERCENT)
    breaker = config.deployment_circuit_breaker or DeploymentCircuitBreaker(enable=False, rollback=False)
    return replace(config, maximum_percent=maximum, minimum_healthy_percent=minimum, deployment_circuit_breaker=breaker)


def failure_threshold(desired: int) -> int:
    """How many failed tasks make the circuit breaker fail a deployment."""
    return max(3, min(200, math.ceil(desired / 2)))


def new_deployment(env: Env, service: ServiceRecord, task_definition: str, desired: int) -> DeploymentRecord:
    """A new PRIMARY deployment (IN_PROGRESS) of ``task_definition`` for ``service``."""
    digits = str(int(env.ids.hex32()[:16], 16) % 10**19).rjust(19, "0")
    now = env.clock.now()
    return DeploymentRecord(
        id=f"ecs-svc/{digits}",
        task_definition=task_definition,
        created_at=now,
        updated_at=now,
        desired_count=desired,
        launch_type=service.launch_type,
        capacity_provider_strategy=service.capacity_provider_strategy,
        platform_version=service.platform_version,
        network_configuration=service.network_configuration,
        rollout_state_reason=f"ECS deployment ecs-svc/{digits} in progress.",
    )


def add_event(env: Env, service: ServiceRecord, message: str) -> None:
    """Write an event of ``service`` (newest first; the oldest beyond :data:`MAX_EVENTS` dropped)."""
    service.events.insert(0, ServiceEvent(id=env.ids.uuid(), created_at=env.clock.now(), message=message))
    del service.events[MAX_EVENTS:]


def set_service_deployment(
    env: Env,
    service: ServiceRecord,
    deployment: DeploymentRecord,
    status: ServiceDeploymentStatus,
    *,
    source: str | None = None,
    reason: str | None = None,
    failures: int = 0,
) -> ServiceDeploymentRecord:
    """Create or update the service deployment record of ``deployment``."""
    arn = service.deployment_arns.get(deployment.id)
    now = env.clock.now()
    config = service.deployment_configuration
    breaker = config.deployment_circuit_breaker
    finished = status not in (ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS)
    monitor = ServiceDeploymentRollbackMonitorsStatus.DISABLED
    if breaker is not None and breaker.enable:
        monitor = (
            ServiceDeploymentRollbackMonitorsStatus.TRIGGERED
            if reason is not None and "circuit breaker" in reason
            else ServiceDeploymentRollbackMonitorsStatus.MONITORING_COMPLETE
            if finished
            else ServiceDeploymentRollbackMonitorsStatus.MONITORING
        )
    new = arn is None
    if arn is None:
        arn = env.arn(f"service-deployment/{service.cluster}/{service.name}/{deployment.id.rsplit('/', 1)[-1]}")
        service.deployment_arns[deployment.id] = arn
        env.state.service_deployments[arn] = ServiceDeploymentRecord(
            arn=arn,
            service_arn=service.arn,
            cluster_arn=env.arn(f"cluster/{service.cluster}"),
            created_at=now,
            status=status,
            updated_at=now,
            target=deployment.task_definition,
            source=source,
            deployment_configuration=config,
        )
    record = env.state.service_deployments[arn]
    if new or record.status != status:  # its event: for a new deployment and a completed one
        if status == ServiceDeploymentStatus.IN_PROGRESS:
            in_progress = deployment.rollout_state_reason or f"ECS deployment {deployment.id} in progress."
            deployment_changed(env, service, deployment.id, IN_PROGRESS, in_progress)
        elif status == ServiceDeploymentStatus.SUCCESSFUL:
            deployment_changed(env, service, deployment.id, COMPLETED, f"ECS deployment {deployment.id} completed.")
    record.status = status
    record.status_reason = reason
    record.updated_at = now
    record.finished_at = now if finished else None
    record.target = deployment.task_definition
    record.requested = deployment.desired_count
    mine = [t for t in service_tasks(env, service) if t.started_by == deployment.id]
    record.running = sum(t.last_status == RUNNING for t in mine)
    record.pending = sum(t.last_status in PENDING_STATES for t in mine)
    record.circuit_breaker = monitor
    record.failures = failures
    record.threshold = failure_threshold(service.desired_count)
    return record
