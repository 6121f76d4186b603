"""One entry point for any request: :func:`validate_request`, what a client runs before every call it sends.

Every request model of :mod:`ecskit.models.ecs` and :mod:`ecskit.models.ecr` is checked against the API's schema
(:func:`ecskit.codec.check`); the requests that rules look at get their rules too:

* RegisterTaskDefinition, CreateService, RunTask, CreateCluster and PutClusterCapacityProviders,
  CreateCapacityProvider: the ``validate_*`` function of their kind;
* UpdateService: the rules that judge a member by its own value (and by the task definition and cluster, when
  given), on the members the update sets. A member an update leaves out keeps its value, which the update does not
  show, so no rule that reasons from an absent member (launch type, scheduling strategy, controller) applies;
* StartTask: the RunTask rules, on the members StartTask has;
* ECR PutLifecyclePolicy and StartLifecyclePolicyPreview: ``lifecyclePolicyText`` read as a
  :class:`~ecskit.models.lifecycle.LifecyclePolicy` and the lifecycle rules, with paths under
  ``lifecyclePolicyText``.

Any other request costs one compiled check of its members (see ``benchmarks/check.py``).

>>> from ecskit.models.ecs import UpdateServiceRequest
>>> print(validate_request(UpdateServiceRequest(service="web", desired_count=-1, platform_version="1.4")).format())
error (api): desiredCount: desiredCount -1 is negative [svc-desired-count]
    fix: Set desiredCount to the number of tasks to keep running (0 or more).
error (api): platformVersion: The specified platform does not exist. [fargate-platform-exists]
    fix: platformVersion '1.4' is not LATEST or x.y.z: use LATEST or 1.4.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ecskit.codec import Document, TaskDefinitionLike, check
from ecskit.codec._plan import struct_plan
from ecskit.errors import ConversionError
from ecskit.models.ecr import PutLifecyclePolicyRequest, StartLifecyclePolicyPreviewRequest
from ecskit.models.ecs import (
    Cluster,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    PutClusterCapacityProvidersRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    StartTaskRequest,
    UpdateServiceRequest,
)
from ecskit.validation.api import (
    schema_findings,
    validate_capacity_provider,
    validate_cluster,
    validate_lifecycle_policy,
    validate_run_task,
    validate_service,
    validate_task_definition,
)
from ecskit.validation.engine import DEFAULT_CONFIG, Config, Finding, Report

__all__ = ["UPDATE_SERVICE_RULES", "validate_request"]

#: The service rules that apply to UpdateService: each judges members by their own values (and by the task
#: definition and cluster, when given), never by the absence of another member.
UPDATE_SERVICE_RULES = frozenset(
    {
        "svc-taskdef-format",
        "svc-desired-count",
        "svc-awsvpc-subnets-sgs",
        "svc-awsvpc-id-format",
        "svc-grace-period",
        "fargate-platform-exists",
        "deploy-can-progress",
        "lb-fields-by-type",
        "lb-counts",
        "lb-container-exists",
        "lb-container-port-exists",
        "lb-lattice-port-name",
        "sd-one-registry",
        "sc-alias-name-rules",
        "sc-portname",
        "placement-expression",
        "placement-distinct-instance-expression",
        "placement-strategy-field",
        "placement-random-field",
        "placement-max-strategies",
        "placement-max-constraints",
        "cps-max-20",
        "cps-weight-range",
        "cps-base-range",
        "cps-single-base",
        "cps-positive-weight",
        "cps-zero-weight-unused",
        "cps-no-mix",
        "cps-associated",
    }
)

_TaskDef = TaskDefinitionLike | None
_Cluster = Cluster | Document | None
#: request, config, task definition, cluster -> report
Handler = Callable[[Any, Config, _TaskDef, _Cluster], Report]


def validate_request(
    request: object,
    *,
    config: Config | None = None,
    task_definition: TaskDefinitionLike | None = None,
    cluster: Cluster | Document | None = None,
) -> Report:
    """Every finding on a request model before it is sent (see the module docstring for what each request gets).

    ``task_definition`` and ``cluster`` are what services and tasks are checked against, when known (as in
    :func:`~ecskit.validation.validate_service`); ``config`` silences or downgrades rules by id, the ``schema-*``
    rules included. Raises :class:`~ecskit.errors.UsageError` when ``request`` is not a model.
    """
    config = config or DEFAULT_CONFIG
    handler = _handler(type(request))
    if handler is None:
        return _schema(request, config)  # check() raises UsageError for what is not a model
    return handler(request, config, task_definition, cluster)


def _schema(model: object, config: Config) -> Report:
    errors = check(model)
    return schema_findings(ConversionError(type(model).__name__, errors), config) if errors else Report()


def _top(path: str) -> str:
    """The request member a finding's path starts at: ``loadBalancers[0].containerName`` -> ``loadBalancers``."""
    return path.split(".", 1)[0].split("[", 1)[0]


def _shared(request: Any, target: type[Any]) -> dict[str, Any]:
    """The members of ``request`` that ``target`` has too, where set."""
    names = {a.name for a in attrs.fields(target)}
    return {
        a.name: getattr(request, a.name)
        for a in attrs.fields(type(request))
        if a.name in names and getattr(request, a.name) is not None
    }


def _update_service(request: UpdateServiceRequest, config: Config, taskdef: _TaskDef, cluster: _Cluster) -> Report:
    errors = check(request)
    if errors:
        return schema_findings(ConversionError("UpdateServiceRequest", errors), config)
    # `service` is a name or an ARN; no rule of UPDATE_SERVICE_RULES reads the name.
    as_create = CreateServiceRequest(service_name=request.service, **_shared(request, CreateServiceRequest))
    set_members = {f.wire for f in struct_plan(UpdateServiceRequest).fields if getattr(request, f.attr) is not None}
    report = validate_service(as_create, task_definition=taskdef, cluster=cluster, config=config)
    return Report(f for f in report if f.rule in UPDATE_SERVICE_RULES and _top(f.path) in set_members)


def _start_task(request: StartTaskRequest, config: Config, taskdef: _TaskDef, cluster: _Cluster) -> Report:
    errors = check(request)
    if errors:
        return schema_findings(ConversionError("StartTaskRequest", errors), config)
    report = validate_run_task(
        RunTaskRequest(**_shared(request, RunTaskRequest)), task_definition=taskdef, cluster=cluster, config=config
    )
    members = set(struct_plan(StartTaskRequest).by_wire)
    return Report(f for f in report if not f.path or _top(f.path) in members)


def _lifecycle(
    request: PutLifecyclePolicyRequest | StartLifecyclePolicyPreviewRequest, config: Config, *_: object
) -> Report:
    errors = check(request)
    if errors:
        return schema_findings(ConversionError(type(request).__name__, errors), config)
    text = request.lifecycle_policy_text
    if text is None:
        return Report()
    return Report(_under("lifecyclePolicyText", f) for f in validate_lifecycle_policy(text, config=config))


def _under(member: str, finding: Finding) -> Finding:
    path = finding.path
    if not path:
        return attrs.evolve(finding, path=member)
    return attrs.evolve(finding, path=member + path if path.startswith("[") else f"{member}.{path}")


_HANDLERS: dict[type[Any], Handler] = {
    RegisterTaskDefinitionRequest: lambda r, config, _td, _cluster: validate_task_definition(r, config=config),
    CreateServiceRequest: lambda r, config, td, cluster: validate_service(
        r, task_definition=td, cluster=cluster, config=config
    ),
    UpdateServiceRequest: _update_service,
    RunTaskRequest: lambda r, config, td, cluster: validate_run_task(
        r, task_definition=td, cluster=cluster, config=config
    ),
    StartTaskRequest: _start_task,
    CreateClusterRequest: lambda r, config, _td, _cluster: validate_cluster(r, config=config),
    PutClusterCapacityProvidersRequest: lambda r, config, _td, _cluster: validate_cluster(r, config=config),
    CreateCapacityProviderRequest: lambda r, config, _td, _cluster: validate_capacity_provider(r, config=config),
    PutLifecyclePolicyRequest: _lifecycle,
    StartLifecyclePolicyPreviewRequest: _lifecycle,
}


_BY_CLASS: dict[type[Any], Handler | None] = {}


def _handler(cls: type[Any]) -> Handler | None:
    """The handler of a request class (or of the nearest base class that has one)."""
    try:
        return _BY_CLASS[cls]
    except KeyError:
        found = _BY_CLASS[cls] = next((_HANDLERS[base] for base in cls.__mro__ if base in _HANDLERS), None)
        return found
