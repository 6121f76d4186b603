"""Deployments of services: deployment configuration defaults, new deployments and the service revisions they
deploy, the circuit breaker's threshold, service events and the service deployment records
DescribeServiceDeployments shows.

* Every new deployment of a service (CreateService, an UpdateService that deploys) captures a new service revision
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html): the task definition, launch
  type or capacity provider strategy, platform version, load balancers, service registries, network and Service
  Connect configuration, and each container's image with its digest (the digest the fake's ECR or ECR Public holds
  for the image's tag, else the digest the fake's tasks show for an image of another registry). Its ARN is
  ``service-revision/<cluster>/<service>/<id>``, the id being the digits of the deployment's ``ecs-svc/`` id; a
  rollback deploys the revision it rolls back to again, without a new one.

* ``deploymentConfiguration`` defaults: ``maximumPercent`` 200 and ``minimumHealthyPercent`` 100 (DAEMON: 100 and
  0), circuit breaker off.
* The circuit breaker's threshold: ``ceil(0.5 * desiredCount)``, at least 3 and at most 200 (what the API reference
  of ``ServiceDeploymentCircuitBreaker`` states today; before 2023 the minimum was 10).
"""

from __future__ import annotations

import math

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.events import HookTimeout
from ecskit.backends.fake.core.find import definition_of, service_tasks
from ecskit.backends.fake.core.image_refs import parse_image, stand_in_digest
from ecskit.backends.fake.core.services import DeploymentRecord, ServiceDeploymentRecord, ServiceRecord
from ecskit.backends.fake.core.tasks import PENDING_STATES, RUNNING
from ecskit.backends.fake.engine import ecr_pull
from ecskit.backends.fake.engine.ecs_events import COMPLETED, IN_PROGRESS, deployment_changed
from ecskit.backends.fake.engine.hooks import current_record, resolve_pause
from ecskit.backends.fake.engine.tasks import poke_service
from ecskit.models import replace
from ecskit.models.ecs import (
    ContainerImage,
    DeploymentCircuitBreaker,
    DeploymentConfiguration,
    DeploymentLifecycleHookAction,
    DeploymentLifecycleHookStatus,
    DeploymentRolloutState,
    ServiceConnectConfiguration,
    ServiceDeploymentRollbackMonitorsStatus,
    ServiceDeploymentStatus,
    ServiceEvent,
    ServiceRevision,
)
from ecskit.texts import ecs

__all__ = [
    "MAX_EVENTS",
    "act_on_requests",
    "add_event",
    "configuration",
    "failure_threshold",
    "hook_timed_out",
    "image_digest",
    "new_deployment",
    "request",
    "roll_back",
    "set_service_deployment",
]

#: How many events a service keeps (newest first), as on AWS.
MAX_EVENTS = 100
#: The Deployment State Change reason of a rollback asked for by a call or a hook (ecskit's wording: AWS's text for
#: these is not public; the circuit breaker's is the scheduler's).
ROLLING_BACK = "ECS deployment {deployment} in progress."


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


def image_digest(env: Env, image: str) -> str:
    """The digest a revision shows for ``image``: the one it names, else the one the fake's ECR holds for it, else
    the one the fake's tasks show for an image of another registry."""
    ref = parse_image(image.strip())
    if ref is not None and ref.digest is not None:
        return ref.digest
    return ecr_pull.resolve(env, image) or stand_in_digest(image)


def _revision(env: Env, service: ServiceRecord, task_definition: str, digits: str) -> str:
    """A new service revision of ``service`` as it is now, deploying ``task_definition``; returns its ARN."""
    arn = env.arn(f"service-revision/{service.cluster}/{service.name}/{digits}")
    containers = definition_of(env, task_definition).body.container_definitions or ()
    fargate = service.platform_version is not None
    env.state.service_revisions[arn] = ServiceRevision(
        service_revision_arn=arn,
        service_arn=service.arn,
        cluster_arn=env.arn(f"cluster/{service.cluster}"),
        task_definition=task_definition,
        capacity_provider_strategy=service.capacity_provider_strategy,
        launch_type=service.launch_type,
        platform_version=service.platform_version,
        platform_family="Linux" if fargate else None,
        load_balancers=service.load_balancers,
        service_registries=service.service_registries,
        network_configuration=service.network_configuration,
        container_images=tuple(
            ContainerImage(container_name=c.name, image_digest=image_digest(env, c.image or ""), image=c.image)
            for c in containers
        ),
        guard_duty_enabled=False,
        service_connect_configuration=service.service_connect or ServiceConnectConfiguration(enabled=False),
        created_at=env.clock.now(),
    )
    return arn


def new_deployment(
    env: Env, service: ServiceRecord, task_definition: str, desired: int, *, revision: str | None = None
) -> DeploymentRecord:
    """A new PRIMARY deployment (IN_PROGRESS) of ``task_definition`` for ``service``: of the service revision
    ``revision`` (a rollback's), or of a new revision of the service as it is now."""
    digits = str(int(env.ids.hex32()[:16], 16) % 10**19).rjust(19, "0")
    now = env.clock.now()
    return DeploymentRecord(
        id=f"ecs-svc/{digits}",
        task_definition=task_definition,
        revision=revision or _revision(env, service, task_definition, digits),
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
            target=deployment.revision,
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
    if status == ServiceDeploymentStatus.STOPPED:
        record.stopped_at = now
    record.target = deployment.revision
    record.requested = deployment.desired_count
    mine = [t for t in service_tasks(env, service) if t.started_by == deployment.id]
    record.running = sum(t.last_status == RUNNING for t in mine)
    record.pending = sum(t.last_status in PENDING_STATES for t in mine)
    record.circuit_breaker = monitor
    record.failures = failures
    record.threshold = failure_threshold(service.desired_count)
    return record


def roll_back(
    env: Env, service: ServiceRecord, record: ServiceDeploymentRecord, revision: str, *, reason: str, event: str
) -> None:
    """Roll service deployment ``record`` back to service revision ``revision`` (ROLLBACK_IN_PROGRESS): a new
    PRIMARY deployment of that revision (the others ACTIVE, draining), counted in the same service deployment;
    ``reason`` is the rollback's, ``event`` the reason of its Deployment State Change event."""
    now = env.clock.now()
    target = env.state.service_revisions[revision].task_definition or service.task_definition or ""
    record.status = ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS
    record.updated_at = now
    record.finished_at = None
    record.lifecycle_stage = None
    record.rollback_reason = reason
    record.rollback_started_at = now
    record.rollback_revision = revision
    again = new_deployment(env, service, target, service.desired_count, revision=revision)
    service.deployment_arns[again.id] = record.arn
    for deployment in service.deployments:
        deployment.status = "ACTIVE"
    service.task_definition = target
    service.runtime = None  # another task definition: its findings are found again
    service.deployments.insert(0, again)
    add_event(env, service, f"(service {service.name}) (deployment {again.id}) rolling back to {target}.")
    deployment_changed(env, service, again.id, IN_PROGRESS, event.format(deployment=again.id))
    service.steady = False


def _give_up(env: Env, service: ServiceRecord, record: ServiceDeploymentRecord, reason: str) -> None:
    """The deployment stops where it is, without a rollback (STOPPED): its PRIMARY deployment never completes."""
    now = env.clock.now()
    primary = service.primary
    primary.rollout_state = DeploymentRolloutState.FAILED
    primary.rollout_state_reason = reason
    primary.updated_at = now
    record.status = ServiceDeploymentStatus.STOPPED
    record.status_reason = reason
    record.updated_at = record.stopped_at = record.finished_at = now


def act_on_requests(env: Env, service: ServiceRecord) -> None:
    """What StopServiceDeployment or a pause hook asked of ``service``'s current deployment, done by its scheduler:
    ROLLBACK_REQUESTED rolls back to the revision the deployment replaces (the deployment STOPPED when it replaces
    none: a service's first); STOP_REQUESTED stops it where it is (STOPPED)."""
    record = current_record(env, service)
    if record is None:
        return
    if record.status == ServiceDeploymentStatus.ROLLBACK_REQUESTED:
        reason = record.status_reason or "ECS deployment rollback requested."
        if record.source is None:
            _give_up(env, service, record, reason)
        else:
            roll_back(env, service, record, record.source, reason=reason, event=ROLLING_BACK)
    elif record.status == ServiceDeploymentStatus.STOP_REQUESTED:
        _give_up(env, service, record, record.status_reason or "ECS deployment stopped.")


def request(
    env: Env, service: ServiceRecord, record: ServiceDeploymentRecord, status: ServiceDeploymentStatus, reason: str
) -> None:
    """Ask the scheduler to roll back (ROLLBACK_REQUESTED) or stop (STOP_REQUESTED) deployment ``record``."""
    record.status = status
    record.status_reason = reason
    record.updated_at = env.clock.now()
    service.steady = False


def hook_timed_out(env: Env, event: HookTimeout) -> None:
    """A pause hook's timeout: still AWAITING_ACTION, it is TIMED_OUT, and its timeout action is taken (ROLLBACK:
    the deployment rolls back; CONTINUE: it goes on)."""
    service = env.state.services.get(event.service)
    record = env.state.service_deployments.get(event.deployment)
    if service is None or record is None or record.status != ServiceDeploymentStatus.IN_PROGRESS:
        return
    pause = next((p for p in record.pauses if p.hook_id == event.hook), None)
    if pause is None or pause.status != DeploymentLifecycleHookStatus.AWAITING_ACTION:
        return
    resolve_pause(env, service, record, pause, DeploymentLifecycleHookStatus.TIMED_OUT)
    if pause.timeout_action == DeploymentLifecycleHookAction.ROLLBACK:
        reason = f"The lifecycle hook {pause.hook_id} at {pause.stage} timed out."
        request(env, service, record, ServiceDeploymentStatus.ROLLBACK_REQUESTED, reason)
        act_on_requests(env, service)
    poke_service(env, service.arn)
