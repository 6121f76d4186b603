"""Services: CreateService, DescribeServices, ListServices, UpdateService, DeleteService and
DescribeServiceDeployments. The tasks behind a service are the scheduler's (:mod:`ecskit.backends.fake.scheduler`),
which runs as virtual time advances.

* CreateService checks the request with :func:`ecskit.validation.validate_service` against the task definition and
  the cluster (the first finding of phase api refuses the call, with its AWS code). A service takes ``launchType``
  EC2, EXTERNAL or FARGATE, or a ``capacityProviderStrategy`` of FARGATE / FARGATE_SPOT or of Auto Scaling group
  providers (the cluster's default strategy when it names neither; EC2 without one). Creating an ACTIVE service
  again with the same request returns it; with another request it is "Creation of service was not idempotent."
  (InvalidParameterException).
* UpdateService: a new task definition, ``forceNewDeployment``, or a new network configuration, capacity provider
  strategy or platform version starts a new PRIMARY deployment (the previous ones turn ACTIVE and drain).
* DeleteService: a REPLICA service scaled above 0 needs ``force``; the service turns DRAINING, its tasks are
  stopped, and it is INACTIVE once they all have.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from ecskit.backends.fake import targets
from ecskit.backends.fake import tasks as task_ops
from ecskit.backends.fake.capacity_providers import check_strategy
from ecskit.backends.fake.clusters import cluster_name, find_cluster
from ecskit.backends.fake.deployments import configuration, new_deployment
from ecskit.backends.fake.deployments import set_service_deployment as record
from ecskit.backends.fake.env import Env, describe_each, fail, paginate
from ecskit.backends.fake.launch import subnets_of
from ecskit.backends.fake.registry import handles
from ecskit.backends.fake.runtime import ServiceRun, poke_service
from ecskit.backends.fake.task_definitions import register_form
from ecskit.codec import to_api
from ecskit.models import replace
from ecskit.models.ecs import (
    Cluster,
    CreateServiceRequest,
    CreateServiceResponse,
    DeleteServiceRequest,
    DeleteServiceResponse,
    DeploymentController,
    DeploymentControllerType,
    DescribeServiceDeploymentsRequest,
    DescribeServiceDeploymentsResponse,
    DescribeServicesRequest,
    DescribeServicesResponse,
    Failure,
    LaunchType,
    ListServicesRequest,
    ListServicesResponse,
    SchedulingStrategy,
    Service,
    ServiceDeployment,
    ServiceDeploymentStatus,
    Tag,
    TaskDefinition,
    UpdateServiceRequest,
    UpdateServiceResponse,
)
from ecskit.validation import validate_service

__all__ = [
    "create_service",
    "delete_service",
    "describe_service_deployments",
    "describe_services",
    "find_service",
    "list_services",
    "update_service",
]

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_MAX_DESCRIBE, _MAX_DEPLOYMENTS, _MAX_TAGS = 10, 20, 50


def _service_arn(env: Env, cluster: str, name: str) -> str:
    return env.arn(f"service/{cluster}/{name}")


def find_service(env: Env, cluster: Cluster, ref: str) -> Service | None:
    """A service of ``cluster`` by name or ARN (INACTIVE ones included), or None."""
    name = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
    found = env.state.services.get(_service_arn(env, cluster.cluster_name or "", name))
    return found if found is not None and found.cluster_arn == cluster.cluster_arn else None


def _active_cluster(env: Env, ref: str | None) -> Cluster:
    found = env.state.clusters.get(cluster_name(ref))
    if found is not None and found.status == "INACTIVE":
        fail("ClusterNotFoundException", "The referenced cluster was inactive.")
    return find_cluster(env, ref)


def _check(env: Env, req: CreateServiceRequest, td: TaskDefinition, cluster: Cluster) -> None:
    refusals = validate_service(req, task_definition=register_form(env, td), cluster=cluster).refusals
    if refusals:
        fail(refusals[0].aws_code or "InvalidParameterException", refusals[0].message)


def _launch_type(env: Env, req: CreateServiceRequest, cluster: Cluster) -> tuple[CreateServiceRequest, bool]:
    """The request with its launch type or capacity provider strategy resolved as ECS resolves it, and whether its
    tasks run on Fargate."""
    if req.launch_type is not None or req.capacity_provider_strategy:
        strategy = req.capacity_provider_strategy
    else:
        strategy = cluster.default_capacity_provider_strategy
    if req.launch_type is not None or not strategy:
        launch_type = req.launch_type or LaunchType.EC2
        return replace(req, launch_type=launch_type, capacity_provider_strategy=None), launch_type == LaunchType.FARGATE
    fargate = check_strategy(env, [i.capacity_provider for i in strategy], cluster.capacity_providers or ())
    if not any((i.weight or 0) > 0 for i in strategy):
        fail("InvalidParameterException", "The capacity provider strategy needs a provider with a weight above 0.")
    return replace(req, capacity_provider_strategy=tuple(strategy)), fargate


def _check_tags(tags: tuple[Tag, ...] | None) -> None:
    for tag in tags or ():
        if (tag.key or "").lower().startswith("aws:"):
            fail("InvalidParameterException", "Tag keys with the prefix aws: are reserved.")
    if len(tags or ()) > _MAX_TAGS:
        fail("InvalidParameterException", f"A resource can have at most {_MAX_TAGS} tags.")


def _fingerprint(req: CreateServiceRequest) -> str:
    data = to_api(replace(req, client_token=None))
    return json.dumps(data, sort_keys=True, default=str)


@handles(CreateServiceRequest)
def create_service(env: Env, req: CreateServiceRequest) -> CreateServiceResponse:
    """CreateService (see the module's documentation)."""
    cluster = _active_cluster(env, req.cluster)
    name = req.service_name
    if not _NAME.match(name):
        fail(
            "InvalidParameterException",
            "Service name can have up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.",
        )
    if req.task_definition is None:
        fail("InvalidParameterException", "TaskDefinition must be specified.")
    td = task_ops._definition(env, req.task_definition)
    daemon = req.scheduling_strategy == SchedulingStrategy.DAEMON
    if daemon and req.desired_count is not None:
        fail(
            "InvalidParameterException", "The daemon scheduling strategy does not support a desired count for services."
        )
    if req.desired_count is not None and req.desired_count < 0:
        fail("InvalidParameterException", "The desired count must be 0 or more.")
    _check(env, req, td, cluster)
    targets.check_service_load_balancers(env, req.load_balancers or (), td)
    resolved, fargate = _launch_type(env, req, cluster)
    if daemon and fargate:
        fail("InvalidParameterException", "The daemon scheduling strategy is not supported with Fargate.")
    task_ops._compatible(td, LaunchType.FARGATE if fargate else resolved.launch_type or LaunchType.EC2)
    subnets_of(req.network_configuration)
    _check_tags(req.tags)
    arn = _service_arn(env, cluster.cluster_name or "", name)
    existing = env.state.services.get(arn)
    fingerprint = _fingerprint(req)
    if existing is not None and existing.status != "INACTIVE":
        if existing.status == "ACTIVE" and env.state.service_runs[arn].request == fingerprint:
            return CreateServiceResponse(service=_tagged(env, existing))
        fail("InvalidParameterException", "Creation of service was not idempotent.")
    service = Service(
        service_arn=arn,
        service_name=name,
        cluster_arn=cluster.cluster_arn,
        load_balancers=req.load_balancers or (),
        service_registries=req.service_registries or (),
        status="ACTIVE",
        desired_count=0 if daemon else req.desired_count or 0,
        running_count=0,
        pending_count=0,
        launch_type=resolved.launch_type,
        capacity_provider_strategy=resolved.capacity_provider_strategy,
        platform_version=(req.platform_version or "LATEST") if fargate else None,
        task_definition=td.task_definition_arn,
        deployment_configuration=configuration(req.deployment_configuration, daemon=daemon),
        events=(),
        created_at=env.clock.now(),
        placement_constraints=req.placement_constraints or (),
        placement_strategy=req.placement_strategy or (),
        network_configuration=req.network_configuration,
        health_check_grace_period_seconds=req.health_check_grace_period_seconds,
        scheduling_strategy=SchedulingStrategy.DAEMON if daemon else SchedulingStrategy.REPLICA,
        deployment_controller=req.deployment_controller or DeploymentController(type=DeploymentControllerType.ECS),
        created_by=f"arn:aws:iam::{env.account}:root",
        enable_ecs_managed_tags=bool(req.enable_ecs_managed_tags),
        propagate_tags=req.propagate_tags,
        enable_execute_command=bool(req.enable_execute_command),
    )
    deployment = new_deployment(env, service, td.task_definition_arn or "", service.desired_count or 0)
    service = replace(service, deployments=(deployment,))
    env.state.services.pop(arn, None)  # a re-created INACTIVE service moves to the end
    env.state.services[arn] = service
    env.state.service_runs[arn] = ServiceRun(arn=arn, cluster=cluster.cluster_name or "", request=fingerprint)
    if req.tags:
        env.state.tags[arn] = req.tags
    record_arn = record(env, service, deployment, ServiceDeploymentStatus.IN_PROGRESS)
    service = env.state.services[arn] = replace(service, current_service_deployment=record_arn)
    cluster = env.state.clusters[cluster.cluster_name or ""]
    env.state.clusters[cluster.cluster_name or ""] = replace(
        cluster, active_services_count=(cluster.active_services_count or 0) + 1
    )
    poke_service(env.state, arn, env.now)
    return CreateServiceResponse(service=_tagged(env, service))


def _tagged(env: Env, service: Service) -> Service:
    return replace(service, tags=env.state.tags.get(service.service_arn or "", ()))


def _live_service(env: Env, cluster_ref: str | None, ref: str) -> tuple[Cluster, Service]:
    cluster = find_cluster(env, cluster_ref)
    service = find_service(env, cluster, ref)
    if service is None:
        fail("ServiceNotFoundException", "Service not found.")
    if service.status != "ACTIVE":
        fail("ServiceNotActiveException", "Service was not ACTIVE.")
    return cluster, service


@handles(DescribeServicesRequest)
def describe_services(env: Env, req: DescribeServicesRequest) -> DescribeServicesResponse:
    """DescribeServices: unknown services are failures with reason MISSING."""
    cluster = find_cluster(env, req.cluster)
    tags = "TAGS" in {str(i) for i in req.include or ()}
    found, failures = describe_each(
        req.services,
        lambda ref: find_service(env, cluster, ref),
        lambda ref: _service_arn(env, cluster.cluster_name or "", ref.rsplit("/", 1)[-1]),
        limit=_MAX_DESCRIBE,
        member="services",
        noun="services",
        show=(lambda service: _tagged(env, service)) if tags else None,
    )
    return DescribeServicesResponse(services=found, failures=failures)


@handles(ListServicesRequest)
def list_services(env: Env, req: ListServicesRequest) -> ListServicesResponse:
    """ListServices: the cluster's ACTIVE and DRAINING services, by launch type and scheduling strategy."""
    cluster = find_cluster(env, req.cluster)
    arns = [
        arn
        for arn, s in env.state.services.items()
        if s.cluster_arn == cluster.cluster_arn
        and s.status != "INACTIVE"
        and (req.launch_type is None or s.launch_type == req.launch_type)
        and (req.scheduling_strategy is None or s.scheduling_strategy == req.scheduling_strategy)
    ]
    page, token = paginate(arns, req.next_token, req.max_results if req.max_results is not None else 10)
    return ListServicesResponse(service_arns=tuple(page), next_token=token)


def _as_request(service: Service) -> CreateServiceRequest:
    return CreateServiceRequest(
        service_name=service.service_name or "",
        task_definition=service.task_definition,
        desired_count=service.desired_count if service.scheduling_strategy != SchedulingStrategy.DAEMON else None,
        launch_type=service.launch_type,
        capacity_provider_strategy=service.capacity_provider_strategy,
        platform_version=service.platform_version,
        deployment_configuration=service.deployment_configuration,
        placement_constraints=service.placement_constraints,
        placement_strategy=service.placement_strategy,
        network_configuration=service.network_configuration,
        health_check_grace_period_seconds=service.health_check_grace_period_seconds,
        scheduling_strategy=service.scheduling_strategy,
    )


def _merged_configuration(service: Service, req: UpdateServiceRequest) -> Service:
    given = req.deployment_configuration
    if given is None:
        return service
    current = service.deployment_configuration
    assert current is not None  # every service has one
    merged = replace(
        current,
        **{f.name: getattr(given, f.name) for f in attrs.fields(type(given)) if getattr(given, f.name) is not None},
    )
    daemon = service.scheduling_strategy == SchedulingStrategy.DAEMON
    return replace(service, deployment_configuration=configuration(merged, daemon=daemon))


@handles(UpdateServiceRequest)
def update_service(env: Env, req: UpdateServiceRequest) -> UpdateServiceResponse:
    """UpdateService (see the module's documentation)."""
    cluster, service = _live_service(env, req.cluster, req.service)
    daemon = service.scheduling_strategy == SchedulingStrategy.DAEMON
    if req.desired_count is not None:
        if daemon:
            fail("InvalidParameterException", "The daemon scheduling strategy does not support a desired count.")
        if req.desired_count < 0:
            fail("InvalidParameterException", "The desired count must be 0 or more.")
        service = replace(service, desired_count=req.desired_count)
    td = task_ops._definition(env, req.task_definition or service.task_definition or "")
    before = service
    changes: dict[str, Any] = {
        "task_definition": td.task_definition_arn,
        "network_configuration": req.network_configuration,
        "placement_constraints": req.placement_constraints,
        "placement_strategy": req.placement_strategy,
        "health_check_grace_period_seconds": req.health_check_grace_period_seconds,
        "enable_execute_command": req.enable_execute_command,
        "enable_ecs_managed_tags": req.enable_ecs_managed_tags,
        "propagate_tags": req.propagate_tags,
        "platform_version": req.platform_version,
        "capacity_provider_strategy": req.capacity_provider_strategy,
        "load_balancers": req.load_balancers,
    }
    service = replace(service, **{k: v for k, v in changes.items() if v is not None})
    if req.capacity_provider_strategy:
        providers = [i.capacity_provider for i in req.capacity_provider_strategy]
        check_strategy(env, providers, cluster.capacity_providers or ())
        service = replace(service, launch_type=None)
    service = _merged_configuration(service, req)
    if req.network_configuration is not None:
        subnets_of(req.network_configuration)
    _check(env, _as_request(service), td, cluster)
    targets.check_service_load_balancers(env, service.load_balancers or (), td)
    redeploy = bool(req.force_new_deployment) or any(
        getattr(service, k) != getattr(before, k)
        for k in ("task_definition", "network_configuration", "capacity_provider_strategy", "platform_version")
    )
    run = env.state.service_runs[service.service_arn or ""]
    deployments = tuple(service.deployments or ())
    if redeploy:
        primary = deployments[0]
        deployment = new_deployment(env, service, td.task_definition_arn or "", service.desired_count or 0)
        old = tuple(replace(d, status="ACTIVE") for d in deployments)
        service = replace(service, deployments=(deployment, *old))
        if primary.rollout_state == "IN_PROGRESS":
            record(env, service, primary, ServiceDeploymentStatus.STOPPED, reason="Superseded by a newer deployment.")
        arn = record(env, service, deployment, ServiceDeploymentStatus.IN_PROGRESS, source=primary.task_definition)
        service = replace(service, current_service_deployment=arn)
        run.steady = False
    elif not daemon:
        primary = replace(deployments[0], desired_count=service.desired_count)
        service = replace(service, deployments=(primary, *deployments[1:]))
        if service.desired_count != before.desired_count:
            run.steady = False
    env.state.services[service.service_arn or ""] = service
    poke_service(env.state, service.service_arn or "", env.now)
    return UpdateServiceResponse(service=service)


@handles(DeleteServiceRequest)
def delete_service(env: Env, req: DeleteServiceRequest) -> DeleteServiceResponse:
    """DeleteService: DRAINING at once (``force`` needed for a REPLICA service scaled above 0), INACTIVE once its
    tasks have stopped."""
    cluster, service = _live_service(env, req.cluster, req.service)
    if service.scheduling_strategy != SchedulingStrategy.DAEMON and (service.desired_count or 0) > 0 and not req.force:
        fail("InvalidParameterException", "The service cannot be stopped while it is scaled above 0.")
    service = replace(service, status="DRAINING", desired_count=0)
    env.state.services[service.service_arn or ""] = service
    found = env.state.clusters[cluster.cluster_name or ""]
    env.state.clusters[cluster.cluster_name or ""] = replace(
        found, active_services_count=max(0, (found.active_services_count or 0) - 1)
    )
    poke_service(env.state, service.service_arn or "", env.now)
    return DeleteServiceResponse(service=service)


@handles(DescribeServiceDeploymentsRequest)
def describe_service_deployments(
    env: Env, req: DescribeServiceDeploymentsRequest
) -> DescribeServiceDeploymentsResponse:
    """DescribeServiceDeployments: unknown ARNs are failures with reason MISSING."""
    if not 1 <= len(req.service_deployment_arns) <= _MAX_DEPLOYMENTS:
        fail("InvalidParameterException", f"serviceDeploymentArns must list 1 to {_MAX_DEPLOYMENTS} ARNs.")
    found: list[ServiceDeployment] = []
    failures: list[Failure] = []
    for arn in req.service_deployment_arns:
        deployment = env.state.service_deployments.get(arn)
        if deployment is None:
            failures.append(Failure(arn=arn, reason="MISSING"))
        else:
            found.append(deployment)
    return DescribeServiceDeploymentsResponse(service_deployments=tuple(found), failures=tuple(failures))
