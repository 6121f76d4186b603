"""The validate_* functions: run every rule of the catalog that applies and return one :class:`Report`."""

from __future__ import annotations

from typing import Any

from ecskit.codec import from_api, read_task_definition
from ecskit.errors import ConversionError
from ecskit.models.ecs import (
    Cluster,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    DescribeTaskDefinitionResponse,
    PutClusterCapacityProvidersRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    TaskDefinition,
)
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.validation import rules as _rules  # noqa: F401 - registers the catalog
from ecskit.validation.context import RunTaskContext, ServiceContext, StrategyContext, TaskDefContext
from ecskit.validation.engine import (
    CATALOG,
    DEFAULT_CONFIG,
    Config,
    Finding,
    Hit,
    Kind,
    Report,
    finding,
    run_container_rules,
    run_kind,
    run_planned,
)

__all__ = [
    "TaskDefinitionInput",
    "read_or_findings",
    "read_task_definition_or_findings",
    "schema_findings",
    "validate_capacity_provider",
    "validate_cluster",
    "validate_lifecycle_policy",
    "validate_run_task",
    "validate_service",
    "validate_task_definition",
]

#: The forms a task definition is accepted in.
TaskDefinitionInput = RegisterTaskDefinitionRequest | TaskDefinition | DescribeTaskDefinitionResponse


def _register(td: TaskDefinitionInput) -> RegisterTaskDefinitionRequest:
    if isinstance(td, RegisterTaskDefinitionRequest):
        return td
    from ecskit.codec import register_request_from

    return register_request_from(td)


def _taskdef_findings(ctx: TaskDefContext, config: Config, out: list[Finding]) -> None:
    run_planned(Kind.TASK_DEFINITION, config, ctx.td, (ctx,), out)
    run_container_rules(config, ctx, out)


def validate_task_definition(td: TaskDefinitionInput, *, config: Config | None = None) -> Report:
    """Every finding on a task definition (register input, or describe output in either form)."""
    out: list[Finding] = []
    _taskdef_findings(TaskDefContext(_register(td)), config or DEFAULT_CONFIG, out)
    return Report(out)


def _strategy_findings(  # noqa: PLR0917 - private helper, every argument needed
    items: tuple[Any, ...] | None,
    root: type[Any],
    prefix: tuple[str | int, ...],
    cluster: Cluster | None,
    config: Config,
    out: list[Finding],
) -> None:
    if items:
        ctx = StrategyContext(items, root, prefix, cluster)
        run_kind(Kind.CAPACITY_PROVIDER_STRATEGY, config, (ctx,), out)


def validate_service(
    service: CreateServiceRequest,
    *,
    task_definition: TaskDefinitionInput | None = None,
    cluster: Cluster | None = None,
    config: Config | None = None,
) -> Report:
    """Every finding on a service, checked against its task definition and cluster when they are given.

    The task definition's own findings are not repeated here: validate it with :func:`validate_task_definition`.
    """
    config = config or DEFAULT_CONFIG
    taskdef = TaskDefContext(_register(task_definition)) if task_definition is not None else None
    ctx = ServiceContext(service, taskdef, cluster)
    out: list[Finding] = []
    run_planned(Kind.SERVICE, config, service, (ctx,), out)
    run_planned(Kind.LAUNCH, config, service, (ctx,), out)
    _strategy_findings(
        service.capacity_provider_strategy, CreateServiceRequest, ("capacity_provider_strategy",), cluster, config, out
    )
    return Report(out)


def validate_run_task(
    request: RunTaskRequest,
    *,
    task_definition: TaskDefinitionInput | None = None,
    cluster: Cluster | None = None,
    config: Config | None = None,
) -> Report:
    """Every finding on a RunTask request, checked against its task definition and cluster when given."""
    config = config or DEFAULT_CONFIG
    taskdef = TaskDefContext(_register(task_definition)) if task_definition is not None else None
    out: list[Finding] = []
    ctx = RunTaskContext(request, taskdef, cluster)
    run_planned(Kind.RUN_TASK, config, request, (ctx,), out)
    run_planned(Kind.LAUNCH, config, request, (ctx,), out)
    _strategy_findings(
        request.capacity_provider_strategy, RunTaskRequest, ("capacity_provider_strategy",), cluster, config, out
    )
    return Report(out)


def validate_cluster(
    cluster: CreateClusterRequest | PutClusterCapacityProvidersRequest, *, config: Config | None = None
) -> Report:
    """Every finding on a CreateCluster or PutClusterCapacityProviders request."""
    config = config or DEFAULT_CONFIG
    out: list[Finding] = []
    run_kind(Kind.CLUSTER, config, (cluster,), out)
    _strategy_findings(
        cluster.default_capacity_provider_strategy,
        type(cluster),
        ("default_capacity_provider_strategy",),
        None,
        config,
        out,
    )
    return Report(out)


def validate_capacity_provider(request: CreateCapacityProviderRequest, *, config: Config | None = None) -> Report:
    """Every finding on a CreateCapacityProvider request."""
    out: list[Finding] = []
    run_kind(Kind.CAPACITY_PROVIDER, config or DEFAULT_CONFIG, (request,), out)
    return Report(out)


def validate_lifecycle_policy(policy: LifecyclePolicy, *, config: Config | None = None) -> Report:
    """Every finding on an ECR lifecycle policy document."""
    out: list[Finding] = []
    run_kind(Kind.LIFECYCLE_POLICY, config or DEFAULT_CONFIG, (policy,), out)
    return Report(out)


_SCHEMA_RULE = {
    "unknown-key": "schema-unknown-key",
    "missing-key": "schema-missing-key",
    "wrong-type": "schema-wrong-type",
    "bad-value": "schema-bad-value",
    "not-json": "schema-wrong-type",
}


def schema_findings(exc: ConversionError, config: Config | None = None) -> Report:
    """A conversion error as findings of the ``schema-*`` rules, one per bad field."""
    config = config or DEFAULT_CONFIG
    out = []
    for e in exc.errors:
        rule_id = _SCHEMA_RULE.get(e.code, "schema-wrong-type")
        r = config.catalog.get(rule_id) or CATALOG[rule_id]
        severity = config.severity_of(r)
        if severity is not None:
            out.append(finding(r, severity, Hit(e.path, e.message), hint=e.hint))
    return Report(out)


def read_task_definition_or_findings(
    data: object, config: Config | None = None
) -> RegisterTaskDefinitionRequest | Report:
    """Register input read from any task-definition form, or the schema findings that stop it being read."""
    try:
        return read_task_definition(data)
    except ConversionError as exc:
        return schema_findings(exc, config)


def read_or_findings(data: object, cls: type[Any], config: Config | None = None) -> Any:
    """``from_api(data, cls)``, or the schema findings that stop it being read."""
    try:
        return from_api(data, cls)
    except ConversionError as exc:
        return schema_findings(exc, config)
