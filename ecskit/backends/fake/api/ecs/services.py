"""Services: CreateService, DescribeServices, ListServices, ListServicesByNamespace, UpdateService, DeleteService, and
their deployments: DescribeServiceDeployments, ListServiceDeployments. The tasks behind a service are the scheduler's
(:mod:`ecskit.backends.fake.engine.scheduler`), which runs as virtual time advances.

* CreateService checks the request with :func:`ecskit.validation.validate_service` against the task definition and
  the cluster (the first finding of phase api refuses the call, with its AWS code). A service takes ``launchType``
  EC2, EXTERNAL or FARGATE, or a ``capacityProviderStrategy`` of FARGATE / FARGATE_SPOT or of Auto Scaling group
  providers (the cluster's default strategy when it names neither; EC2 without one). Creating an ACTIVE service
  again with the same request returns it; with another request it is "Creation of service was not idempotent."
  (InvalidParameterException).
* UpdateService: a new task definition, ``forceNewDeployment``, or a new network configuration, capacity provider
  strategy or platform version starts a new PRIMARY deployment (the previous ones turn ACTIVE and drain).
* Service Connect: a service keeps its ``serviceConnectConfiguration`` (enabled without a namespace: its cluster's
  default one); a new configuration starts a new deployment. ListServicesByNamespace
  (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServicesByNamespace.html) lists the ACTIVE and
  DRAINING services of every cluster whose configuration names the namespace (by name or ARN), in creation order,
  10 a page unless ``maxResults`` (1-100) says otherwise. The fake has no Cloud Map: it knows the namespaces that
  clusters and services named (:mod:`~ecskit.backends.fake.engine.namespaces`); another is
  NamespaceNotFoundException with the text CreateService answers for a namespace that is not there ("Failed to
  retrieve namespace for example", terraform-aws-modules/terraform-aws-ecs issue 116).
* DeleteService: a REPLICA service scaled above 0 needs ``force``; the service turns DRAINING, its tasks are
  stopped, and it is INACTIVE once they all have. ListServices lists ACTIVE services only; DescribeServices shows
  DRAINING and INACTIVE ones too ("the service is no longer visible in the console or in the ListServices API
  operation [...] Services in the DRAINING or INACTIVE status can still be viewed with the DescribeServices API
  operation", the API reference of DeleteService). The fake keeps INACTIVE services for ever. Deleting a DRAINING
  service again answers with it; an INACTIVE one is not found.
* Tags: the request's (checked as TagResource checks them: :mod:`ecskit.backends.fake.engine.tags`); a service
  made again in place of an INACTIVE one has the new request's tags only. ``propagateTags`` shows ``NONE`` when not
  given, as AWS shows it.
* ListServiceDeployments (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html):
  ``status`` and ``createdAt`` (``before`` / ``after``) filter; the newest deployment comes first; 20 a page unless
  ``maxResults`` (1-100) says otherwise.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.clusters import ClusterRecord
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import (
    active_cluster,
    active_definition,
    check_compatible,
    find_cluster,
    find_namespace,
    find_service,
    service_arn,
)
from ecskit.backends.fake.core.paging import describe_each, paginate
from ecskit.backends.fake.core.services import ServiceDeploymentRecord, ServiceRecord
from ecskit.backends.fake.engine import targets
from ecskit.backends.fake.engine.capacity import check_strategy, resolve_launch
from ecskit.backends.fake.engine.deployments import configuration, new_deployment, set_service_deployment
from ecskit.backends.fake.engine.launch import refuse_launch, subnets_of
from ecskit.backends.fake.engine.namespaces import service_connect, services_in
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.task_sets import make_primary, new_task_set, unsettle
from ecskit.backends.fake.engine.tasks import poke_service
from ecskit.backends.fake.engine.verdicts import AS_AWS, definition_context, definition_findings, service_request
from ecskit.backends.fake.registry import handles
from ecskit.codec import to_api
from ecskit.models import replace
from ecskit.models.ecs import (
    CreateServiceRequest,
    CreateServiceResponse,
    DeleteServiceRequest,
    DeleteServiceResponse,
    DeploymentConfiguration,
    DeploymentController,
    DeploymentControllerType,
    DescribeServiceDeploymentsRequest,
    DescribeServiceDeploymentsResponse,
    DescribeServicesRequest,
    DescribeServicesResponse,
    Failure,
    LaunchType,
    ListServiceDeploymentsRequest,
    ListServiceDeploymentsResponse,
    ListServicesByNamespaceRequest,
    ListServicesByNamespaceResponse,
    ListServicesRequest,
    ListServicesResponse,
    Scale,
    ScaleUnit,
    SchedulingStrategy,
    ServiceDeployment,
    ServiceDeploymentBrief,
    ServiceDeploymentStatus,
    Tag,
    UpdateServiceRequest,
    UpdateServiceResponse,
)
from ecskit.texts import ecs
from ecskit.validation import validate_service
from ecskit.validation.engine import Phase

__all__ = [
    "create_service",
    "delete_service",
    "describe_service_deployments",
    "describe_services",
    "list_service_deployments",
    "list_services",
    "list_services_by_namespace",
    "update_service",
]

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_MAX_DESCRIBE, _MAX_DEPLOYMENTS = 10, 20
_PAGE, _MAX_PAGE = 20, 100


def _check(env: Env, req: CreateServiceRequest, definition: DefinitionRecord | None, cluster: ClusterRecord) -> None:
    """Refuse what AWS refuses: ``api`` findings, and ``runtime`` ones whose effect is a refused launch (the task
    definition's too). The other ``runtime`` findings play out later, found again from the service's record alone
    (:func:`~ecskit.backends.fake.engine.verdicts.service_findings`), the same before and after a restore. An
    EXTERNAL service has no task definition of its own: its task sets are checked when they are made."""
    context = definition_context(definition) if definition is not None else None
    if _controller(req) == "EXTERNAL":  # its launch settings are its task sets' (kept out, so no rule reads them)
        req = replace(req, launch_type=None, capacity_provider_strategy=None, platform_version=None)
    report = validate_service(req, task_definition=context, cluster=render.cluster(env, cluster), config=AS_AWS)
    refusals = report.refusals
    if refusals:
        fail(refusals[0].aws_code or "InvalidParameterException", refusals[0].message)
    refuse_launch((definition_findings(definition) if definition is not None else ()) + report.in_phase(Phase.RUNTIME))


def _launch_type(env: Env, req: CreateServiceRequest, cluster: ClusterRecord) -> tuple[CreateServiceRequest, bool]:
    """The request with its launch type or capacity provider strategy resolved as ECS resolves it, and whether its
    tasks run on Fargate."""
    launch_type, strategy, fargate = resolve_launch(
        env,
        req.launch_type,
        req.capacity_provider_strategy,
        cluster.default_strategy,
        cluster.capacity_providers,
    )
    return replace(req, launch_type=launch_type, capacity_provider_strategy=strategy), fargate


def _controller(req: CreateServiceRequest) -> str:
    controller = req.deployment_controller
    return str(controller.type) if controller is not None and controller.type else "ECS"


def _fingerprint(req: CreateServiceRequest) -> str:
    data = to_api(replace(req, client_token=None))
    return json.dumps(data, sort_keys=True, default=str)


def _default_namespace(cluster: ClusterRecord) -> str | None:
    defaults = cluster.service_connect_defaults
    return defaults.namespace if defaults is not None else None


def _tags(env: Env, service: ServiceRecord) -> tuple[Tag, ...]:
    return env.state.tags.get(service.arn, ())


@handles(CreateServiceRequest)
def create_service(env: Env, req: CreateServiceRequest) -> CreateServiceResponse:
    """CreateService (see the module's documentation)."""
    cluster = active_cluster(env, req.cluster, ecs.CLUSTER_INACTIVE_SERVICE)
    name = req.service_name
    if not _NAME.fullmatch(name):
        refuse(ecs.SERVICE_NAME_INVALID)
    controller = _controller(req)
    external = controller == "EXTERNAL"
    if req.task_definition is None and not external:  # "A task definition must be specified if the service uses
        refuse(ecs.SERVICE_TASK_DEFINITION_REQUIRED)  # the ECS or CODE_DEPLOY controller"
    if external and req.task_definition == "":
        refuse(ecs.SERVICE_FAMILY_EMPTY)
    definition = active_definition(env, req.task_definition) if req.task_definition and not external else None
    daemon = req.scheduling_strategy == SchedulingStrategy.DAEMON
    if daemon and req.desired_count is not None:
        refuse(ecs.SERVICE_DAEMON_COUNT)
    if req.desired_count is not None and req.desired_count < 0:
        refuse(ecs.DESIRED_COUNT_NEGATIVE)
    if definition is not None:
        resolved, fargate = _launch_type(env, req, cluster)
        # Checked as ECS resolves it (the cluster's default strategy, else EC2), as UpdateService checks the service
        # it changes; a request naming both a launch type and a strategy is checked as given, to be refused for it.
        _check(
            env,
            req if req.launch_type is not None and req.capacity_provider_strategy else resolved,
            definition,
            cluster,
        )
        targets.check_service_load_balancers(env, req.load_balancers or (), definition.body)
        check_compatible(definition, LaunchType.FARGATE if fargate else resolved.launch_type or LaunchType.EC2)
        subnets_of(req.network_configuration)
    else:  # EXTERNAL: what the tasks run, and how, is each task set's
        _check(env, req, definition, cluster)
        resolved, fargate = replace(req, launch_type=None, capacity_provider_strategy=None), False
    tags = checked_tags(req.tags)
    arn = service_arn(env, cluster.name, name)
    existing = env.state.services.get(arn)
    fingerprint = _fingerprint(req)
    if existing is not None and existing.status != "INACTIVE":
        if existing.status == "ACTIVE" and existing.request == fingerprint:
            return CreateServiceResponse(service=render.service(env, existing, _tags(env, existing)))
        refuse(ecs.SERVICE_NOT_IDEMPOTENT)
    service = ServiceRecord(
        arn=arn,
        name=name,
        cluster=cluster.name,
        status="ACTIVE",
        task_definition=definition.arn if definition is not None else None,
        scheduling_strategy=SchedulingStrategy.DAEMON if daemon else SchedulingStrategy.REPLICA,
        deployment_configuration=configuration(req.deployment_configuration, daemon=daemon),
        deployment_controller=req.deployment_controller or DeploymentController(type=DeploymentControllerType.ECS),
        created_at=env.clock.now(),
        created_by=f"arn:aws:iam::{env.account}:root",
        desired_count=0 if daemon else req.desired_count or 0,
        launch_type=resolved.launch_type,
        capacity_provider_strategy=resolved.capacity_provider_strategy,
        platform_version=(req.platform_version or "LATEST") if fargate else None,
        load_balancers=(req.load_balancers or ()) if not external else (),
        service_registries=(req.service_registries or ()) if not external else (),
        placement_constraints=req.placement_constraints or (),
        placement_strategy=req.placement_strategy or (),
        network_configuration=req.network_configuration if not external else None,
        health_check_grace_period_seconds=req.health_check_grace_period_seconds,
        enable_ecs_managed_tags=bool(req.enable_ecs_managed_tags),
        propagate_tags=req.propagate_tags,
        enable_execute_command=bool(req.enable_execute_command),
        service_connect=service_connect(env, req.service_connect_configuration, _default_namespace(cluster)),
        request=fingerprint,
    )
    env.state.services.pop(arn, None)  # a re-created INACTIVE service moves to the end
    env.state.services[arn] = service
    if tags:
        env.state.tags[arn] = tags
    else:
        env.state.tags.pop(arn, None)  # an INACTIVE service's tags are not the new one's
    if controller == "ECS":
        deployment = new_deployment(env, service, service.task_definition or "", service.desired_count)
        service.deployments.append(deployment)
        record = set_service_deployment(env, service, deployment, ServiceDeploymentStatus.IN_PROGRESS)
        service.current_service_deployment = record.arn
    elif definition is not None:  # CODE_DEPLOY: ECS makes the first task set, PRIMARY, of the whole desired count
        first = new_task_set(
            env,
            service,
            task_definition=definition.arn,
            scale=Scale(value=100.0, unit=ScaleUnit.PERCENT),
            launch_type=service.launch_type,
            capacity_provider_strategy=service.capacity_provider_strategy,
            platform_version=service.platform_version,
            network_configuration=service.network_configuration,
            load_balancers=service.load_balancers,
            service_registries=service.service_registries,
        )
        service.task_sets.append(first)
        make_primary(env, service, first)
    poke_service(env, arn)
    return CreateServiceResponse(service=render.service(env, service, _tags(env, service)))


def _live_service(env: Env, cluster_ref: str | None, ref: str) -> tuple[ClusterRecord, ServiceRecord]:
    cluster = find_cluster(env, cluster_ref)
    service = find_service(env, cluster, ref)
    if service is None:
        refuse(ecs.SERVICE_NOT_FOUND)
    if service.status != "ACTIVE":
        refuse(ecs.SERVICE_NOT_ACTIVE)
    return cluster, service


@handles(DescribeServicesRequest)
def describe_services(env: Env, req: DescribeServicesRequest) -> DescribeServicesResponse:
    """DescribeServices: unknown services are failures with reason MISSING."""
    cluster = find_cluster(env, req.cluster)
    tags = "TAGS" in {str(i) for i in req.include or ()}
    found, failures = describe_each(
        req.services,
        lambda ref: find_service(env, cluster, ref),
        lambda ref: service_arn(env, cluster.name, ref.rsplit("/", 1)[-1]),
        lambda service: render.service(env, service, _tags(env, service) if tags else None),
        limit=_MAX_DESCRIBE,
        empty=ecs.SERVICES_EMPTY,
        too_many=ecs.SERVICES_TOO_MANY,
    )
    return DescribeServicesResponse(services=found, failures=failures)


@handles(ListServicesRequest)
def list_services(env: Env, req: ListServicesRequest) -> ListServicesResponse:
    """ListServices: the cluster's ACTIVE services (a deleted one, DRAINING or INACTIVE, is no longer listed), by
    launch type and scheduling strategy."""
    cluster = find_cluster(env, req.cluster)
    arns = [
        arn
        for arn, s in env.state.services.items()
        if s.cluster == cluster.name
        and s.status == "ACTIVE"
        and (req.launch_type is None or s.launch_type == req.launch_type)
        and (req.scheduling_strategy is None or s.scheduling_strategy == req.scheduling_strategy)
    ]
    page, token = paginate(arns, req.next_token, req.max_results if req.max_results is not None else 10)
    return ListServicesResponse(service_arns=tuple(page), next_token=token)


@handles(ListServicesByNamespaceRequest)
def list_services_by_namespace(env: Env, req: ListServicesByNamespaceRequest) -> ListServicesByNamespaceResponse:
    """ListServicesByNamespace (see the module's documentation)."""
    found = find_namespace(env, req.namespace)
    if found is None:
        refuse(ecs.NAMESPACE_NOT_FOUND, namespace=req.namespace)
    arns = [s.arn for s in services_in(env, found)]
    page, token = paginate(arns, req.next_token, req.max_results if req.max_results is not None else 10)
    return ListServicesByNamespaceResponse(service_arns=tuple(page), next_token=token)


def _merged_configuration(service: ServiceRecord, given: DeploymentConfiguration | None) -> DeploymentConfiguration:
    current = service.deployment_configuration
    if given is None:
        return current
    merged = replace(
        current,
        **{f.name: getattr(given, f.name) for f in attrs.fields(type(given)) if getattr(given, f.name) is not None},
    )
    return configuration(merged, daemon=service.daemon)


def _changes(
    env: Env, cluster: ClusterRecord, service: ServiceRecord, req: UpdateServiceRequest, definition: DefinitionRecord
) -> dict[str, Any]:
    """The members of the service record an update sets (those it leaves as they are are left out)."""
    given: dict[str, Any] = {
        "desired_count": req.desired_count,
        "network_configuration": req.network_configuration,
        "placement_constraints": req.placement_constraints,
        "placement_strategy": req.placement_strategy,
        "health_check_grace_period_seconds": req.health_check_grace_period_seconds,
        "enable_execute_command": req.enable_execute_command,
        "enable_ecs_managed_tags": req.enable_ecs_managed_tags,
        "propagate_tags": req.propagate_tags,
        "platform_version": req.platform_version or None,
        "load_balancers": req.load_balancers,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    changes["task_definition"] = definition.arn
    if req.capacity_provider_strategy:
        changes["capacity_provider_strategy"] = req.capacity_provider_strategy
        changes["launch_type"] = None
    if req.deployment_configuration is not None:
        changes["deployment_configuration"] = _merged_configuration(service, req.deployment_configuration)
    if req.service_connect_configuration is not None:
        connect = req.service_connect_configuration
        changes["service_connect"] = service_connect(env, connect, _default_namespace(cluster))
    return changes


#: What UpdateService cannot change on a service of task sets, and how AWS words the refusal. The CODE_DEPLOY texts
#: of the task definition and the network configuration are AWS's (https://github.com/fabfuel/ecs-deploy/issues/175,
#: https://github.com/hashicorp/terraform-provider-aws/issues/8005: refused whenever the member is given, even
#: unchanged); the other members' texts, and every EXTERNAL one, are ecskit's wording in that form (the API reference
#: of UpdateService lists the members, not the texts).
_TASK_SET_MEMBERS = {
    "task_definition": "task definition",
    "network_configuration": "network parameters",
    "platform_version": "platform version",
    "capacity_provider_strategy": "capacity provider strategy",
    "load_balancers": "load balancers",
}
_NEW_DEPLOYMENT = {
    "CODE_DEPLOY": "Use AWS CodeDeploy to trigger a new deployment.",
    "EXTERNAL": "Use CreateTaskSet to deploy a new task set.",
}


def _refuse_task_set_members(service: ServiceRecord, req: UpdateServiceRequest) -> None:
    """UpdateService of a CODE_DEPLOY service changes only the desired count, deployment configuration, health
    check grace period, placement, ECS managed tags and propagate tags (its load balancers too: "If you use the
    CODE_DEPLOY deployment controller, these values can be changed when updating the service"); of an EXTERNAL one,
    only the desired count, placement, grace period and tag options: the rest is each task set's."""
    controller = str(service.deployment_controller.type)
    for member, what in _TASK_SET_MEMBERS.items():
        if member == "load_balancers" and controller == "CODE_DEPLOY":
            continue
        if getattr(req, member) is not None:
            refuse(ecs.SERVICE_TASK_SET_MEMBER, what=what, controller=controller, advice=_NEW_DEPLOYMENT[controller])


def _update_task_set_service(
    env: Env, cluster: ClusterRecord, service: ServiceRecord, req: UpdateServiceRequest
) -> None:
    """UpdateService of a service of task sets: the members it may change, checked whole first; its task sets are
    scaled to the new desired count by the scheduler."""
    _refuse_task_set_members(service, req)
    given: dict[str, Any] = {
        "desired_count": req.desired_count,
        "placement_constraints": req.placement_constraints,
        "placement_strategy": req.placement_strategy,
        "health_check_grace_period_seconds": req.health_check_grace_period_seconds,
        "enable_execute_command": req.enable_execute_command,
        "enable_ecs_managed_tags": req.enable_ecs_managed_tags,
        "propagate_tags": req.propagate_tags,
        "load_balancers": req.load_balancers,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    if req.deployment_configuration is not None:
        changes["deployment_configuration"] = _merged_configuration(service, req.deployment_configuration)
    external = str(service.deployment_controller.type) == "EXTERNAL"
    definition = active_definition(env, service.task_definition) if service.task_definition and not external else None
    _check(env, service_request(service, changes), definition, cluster)
    if definition is not None and "load_balancers" in changes:
        targets.check_service_load_balancers(env, changes["load_balancers"], definition.body)
    scaled = changes.get("desired_count", service.desired_count) != service.desired_count
    for name, value in changes.items():
        setattr(service, name, value)
    if scaled:
        service.steady = False
        for task_set in service.task_sets:
            unsettle(env, task_set)
    service.runtime = None
    poke_service(env, service.arn)


@handles(UpdateServiceRequest)
def update_service(env: Env, req: UpdateServiceRequest) -> UpdateServiceResponse:
    """UpdateService (see the module's documentation)."""
    cluster, service = _live_service(env, req.cluster, req.service)
    if req.desired_count is not None:
        if service.daemon:
            refuse(ecs.SERVICE_DAEMON_UPDATE_COUNT)
        if req.desired_count < 0:
            refuse(ecs.DESIRED_COUNT_NEGATIVE)
    if service.runs_task_sets:
        _update_task_set_service(env, cluster, service, req)
        return UpdateServiceResponse(service=render.service(env, service))
    definition = active_definition(env, req.task_definition or service.task_definition or "")
    if req.capacity_provider_strategy:
        check_strategy(env, [i.capacity_provider for i in req.capacity_provider_strategy], cluster.capacity_providers)
    if req.network_configuration is not None:
        subnets_of(req.network_configuration)
    # the service as it would be: checked whole before anything changes (a refused update changes nothing)
    changes = _changes(env, cluster, service, req, definition)
    _check(env, service_request(service, changes), definition, cluster)
    targets.check_service_load_balancers(env, changes.get("load_balancers", service.load_balancers), definition.body)
    redeploy = bool(req.force_new_deployment) or any(
        k in changes and changes[k] != getattr(service, k)
        for k in (
            "task_definition",
            "network_configuration",
            "capacity_provider_strategy",
            "platform_version",
            "service_connect",
        )
    )
    scaled = changes.get("desired_count", service.desired_count) != service.desired_count
    for name, value in changes.items():  # apply: the record stays the same object (the scheduler holds it)
        setattr(service, name, value)
    service.runtime = None  # what it runs may have changed: its findings are found again
    if redeploy:
        primary = service.primary
        deployment = new_deployment(env, service, definition.arn, service.desired_count)
        for old in service.deployments:
            old.status = "ACTIVE"
        service.deployments.insert(0, deployment)
        if primary.rollout_state == "IN_PROGRESS":
            set_service_deployment(
                env, service, primary, ServiceDeploymentStatus.STOPPED, reason="Superseded by a newer deployment."
            )
        record = set_service_deployment(
            env, service, deployment, ServiceDeploymentStatus.IN_PROGRESS, source=primary.revision
        )
        service.current_service_deployment = record.arn
        service.steady = False
    elif not service.daemon:
        service.primary.desired_count = service.desired_count
        if scaled:
            service.steady = False
    poke_service(env, service.arn)
    return UpdateServiceResponse(service=render.service(env, service))


@handles(DeleteServiceRequest)
def delete_service(env: Env, req: DeleteServiceRequest) -> DeleteServiceResponse:
    """DeleteService: DRAINING at once (``force`` needed for a REPLICA service scaled above 0), INACTIVE once its
    tasks have stopped. Deleting a DRAINING service again answers with it; an INACTIVE one is not found (DeleteService's
    model has no ServiceNotActiveException)."""
    cluster = find_cluster(env, req.cluster)
    service = find_service(env, cluster, req.service)
    if service is None or service.status == "INACTIVE":
        refuse(ecs.SERVICE_NOT_FOUND)
    if service.status == "DRAINING":
        return DeleteServiceResponse(service=render.service(env, service))
    if not service.daemon and service.desired_count > 0 and not req.force:
        refuse(ecs.SERVICE_SCALED_ABOVE_ZERO)
    service.status = "DRAINING"
    service.desired_count = 0
    poke_service(env, service.arn)
    return DeleteServiceResponse(service=render.service(env, service))


@handles(DescribeServiceDeploymentsRequest)
def describe_service_deployments(
    env: Env, req: DescribeServiceDeploymentsRequest
) -> DescribeServiceDeploymentsResponse:
    """DescribeServiceDeployments: unknown ARNs are failures with reason MISSING."""
    if not 1 <= len(req.service_deployment_arns) <= _MAX_DEPLOYMENTS:
        refuse(ecs.SERVICE_DEPLOYMENTS_COUNT, limit=_MAX_DEPLOYMENTS)
    found: list[ServiceDeployment] = []
    failures: list[Failure] = []
    for arn in req.service_deployment_arns:
        record = env.state.service_deployments.get(arn)
        if record is None:
            failures.append(Failure(arn=arn, reason="MISSING"))
        else:
            found.append(render.service_deployment(record))
    return DescribeServiceDeploymentsResponse(service_deployments=tuple(found), failures=tuple(failures))


def _brief(record: ServiceDeploymentRecord) -> ServiceDeploymentBrief:
    return ServiceDeploymentBrief(
        service_deployment_arn=record.arn,
        service_arn=record.service_arn,
        cluster_arn=record.cluster_arn,
        started_at=record.created_at,
        created_at=record.created_at,
        finished_at=record.finished_at,
        target_service_revision_arn=record.target,
        status=record.status,
        status_reason=record.status_reason,
    )


@handles(ListServiceDeploymentsRequest)
def list_service_deployments(env: Env, req: ListServiceDeploymentsRequest) -> ListServiceDeploymentsResponse:
    """ListServiceDeployments: the service deployments of a service, newest first (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster)
    service = find_service(env, cluster, req.service)
    if service is None:
        refuse(ecs.SERVICE_NOT_FOUND)
    statuses = set(req.status or ())
    window = req.created_at
    found = [
        d
        for d in env.state.service_deployments.values()
        if d.service_arn == service.arn
        and (not statuses or d.status in statuses)
        and (window is None or window.before is None or d.created_at < window.before)
        and (window is None or window.after is None or d.created_at > window.after)
    ]
    newest_first = list(reversed(found))  # records are kept in creation order
    size = req.max_results if req.max_results is not None else _PAGE
    page, token = paginate(newest_first, req.next_token, size, limit=_MAX_PAGE)
    return ListServiceDeploymentsResponse(service_deployments=tuple(_brief(d) for d in page), next_token=token)
