"""The validate_* functions: run every rule of the catalog that applies and return one :class:`Report`.

Each takes its subject in any form: a model, the API's dict, JSON text (``str``/``bytes``) or a JSON file (an
``os.PathLike``), read by :mod:`ecskit.codec` (:func:`~ecskit.codec.read_task_definition`,
:func:`~ecskit.codec.read_service_request`, :func:`~ecskit.codec.read_document`). The schema comes first: a model
is checked with :func:`~ecskit.codec.check`, a document read with :func:`~ecskit.codec.from_api`, and what does
not fit the API's shape is reported as findings of the ``schema-*`` rules (:func:`schema_findings`). A subject with
schema problems is seen by no other rule, so that no rule ever meets a value of the wrong type.

What is not a document at all raises: a file that cannot be read, or a model of another class, is a
:class:`~ecskit.errors.UsageError`. The objects a subject is checked against (``task_definition``, ``cluster``) are
arguments, not subjects: one with schema problems raises :class:`~ecskit.errors.ConversionError`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeAlias, TypeVar

from ecskit.codec import (
    Document,
    TaskDefinitionLike,
    load_document,
    read_document,
    read_service_request,
    read_task_definition,
)
from ecskit.codec.services import ServiceLike
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
    reading_templates,
    run_container_rules,
    run_kind,
    run_planned,
)

__all__ = [
    "ClusterInput",
    "TaskDefinitionInput",
    "read_cluster_request",
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

T = TypeVar("T")
P = ParamSpec("P")


def _configured(validate: Callable[P, Report]) -> Callable[P, Report]:
    """Run ``validate``'s rules under its ``config``'s reading of templates (:attr:`Config.templates`)."""

    @functools.wraps(validate)
    def run(*args: P.args, **kwargs: P.kwargs) -> Report:
        config = kwargs.get("config")
        if config is None or config.templates:  # type: ignore[attr-defined]
            return validate(*args, **kwargs)
        with reading_templates(config):  # type: ignore[arg-type]
            return validate(*args, **kwargs)

    return run


#: The model forms of a task definition (the ``validate_*`` functions take every form,
#: :data:`~ecskit.codec.taskdefs.TaskDefinitionLike`, documents included).
TaskDefinitionInput: TypeAlias = RegisterTaskDefinitionRequest | TaskDefinition | DescribeTaskDefinitionResponse
#: The forms a cluster request is accepted in: CreateCluster or PutClusterCapacityProviders input, or a document.
ClusterInput: TypeAlias = CreateClusterRequest | PutClusterCapacityProvidersRequest | Document


def _subject(read: Callable[[object], T], value: object, config: Config) -> T | Report:
    """The subject read (a model checked), or the schema findings that keep every rule from seeing it."""
    try:
        return read(value)
    except ConversionError as exc:
        return schema_findings(exc, config)


def _taskdef_context(td: TaskDefinitionLike | TaskDefContext | None) -> TaskDefContext | None:
    if td is None or isinstance(td, TaskDefContext):  # a context is made once, from a checked task definition
        return td
    return TaskDefContext(read_task_definition(td))


def _cluster_context(cluster: Cluster | Document | None) -> Cluster | None:
    return None if cluster is None else read_document(cluster, Cluster)


def _taskdef_findings(ctx: TaskDefContext, config: Config, out: list[Finding]) -> None:
    run_planned(Kind.TASK_DEFINITION, config, ctx.td, (ctx,), out)
    run_container_rules(config, ctx, out)


@_configured
def validate_task_definition(td: TaskDefinitionLike, *, config: Config | None = None) -> Report:
    """Every finding on a task definition in any form: register input, describe output, a describe or register
    response, or the dict, JSON text or JSON file of one (see the module docstring)."""
    config = config or DEFAULT_CONFIG
    read = _subject(read_task_definition, td, config)
    if isinstance(read, Report):
        return read
    out: list[Finding] = []
    _taskdef_findings(TaskDefContext(read), config, out)
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


@_configured
def validate_service(
    service: ServiceLike,
    *,
    task_definition: TaskDefinitionLike | TaskDefContext | None = None,
    cluster: Cluster | Document | None = None,
    config: Config | None = None,
) -> Report:
    """Every finding on a service, checked against its task definition and cluster when they are given.

    ``service`` is CreateService input, or a described service in any form (:data:`~ecskit.codec.services.ServiceLike`),
    checked as the CreateService input that describes it. ``task_definition`` is any form of one, or a
    :class:`~ecskit.validation.context.TaskDefContext` made once and given to many calls (it is not read again).
    The task definition's own findings are not repeated here: validate it with :func:`validate_task_definition`.
    """
    config = config or DEFAULT_CONFIG
    taskdef, known = _taskdef_context(task_definition), _cluster_context(cluster)
    request = _subject(read_service_request, service, config)
    if isinstance(request, Report):
        return request
    ctx = ServiceContext(request, taskdef, known)
    out: list[Finding] = []
    run_planned(Kind.SERVICE, config, request, (ctx,), out)
    run_planned(Kind.LAUNCH, config, request, (ctx,), out)
    _strategy_findings(
        request.capacity_provider_strategy, CreateServiceRequest, ("capacity_provider_strategy",), known, config, out
    )
    return Report(out)


@_configured
def validate_run_task(
    request: RunTaskRequest | Document,
    *,
    task_definition: TaskDefinitionLike | TaskDefContext | None = None,
    cluster: Cluster | Document | None = None,
    config: Config | None = None,
) -> Report:
    """Every finding on a RunTask request, checked against its task definition (in any form, or a
    :class:`~ecskit.validation.context.TaskDefContext` made once) and cluster when given."""
    config = config or DEFAULT_CONFIG
    taskdef, known = _taskdef_context(task_definition), _cluster_context(cluster)
    run = _subject(lambda r: read_document(r, RunTaskRequest), request, config)
    if isinstance(run, Report):
        return run
    out: list[Finding] = []
    ctx = RunTaskContext(run, taskdef, known)
    run_planned(Kind.RUN_TASK, config, run, (ctx,), out)
    run_planned(Kind.LAUNCH, config, run, (ctx,), out)
    _strategy_findings(
        run.capacity_provider_strategy, RunTaskRequest, ("capacity_provider_strategy",), known, config, out
    )
    return Report(out)


def read_cluster_request(cluster: object) -> CreateClusterRequest | PutClusterCapacityProvidersRequest:
    """A CreateCluster or PutClusterCapacityProviders request from any form of one: a document with a ``cluster``
    key is PutClusterCapacityProviders input, any other CreateCluster input."""
    if isinstance(cluster, CreateClusterRequest | PutClusterCapacityProvidersRequest):
        return read_document(cluster, type(cluster))
    data = load_document(cluster, "CreateClusterRequest")
    if isinstance(data, dict) and "cluster" in data:
        return read_document(data, PutClusterCapacityProvidersRequest)
    return read_document(data, CreateClusterRequest)


@_configured
def validate_cluster(cluster: ClusterInput, *, config: Config | None = None) -> Report:
    """Every finding on a CreateCluster or PutClusterCapacityProviders request (see :func:`read_cluster_request`)."""
    config = config or DEFAULT_CONFIG
    request = _subject(read_cluster_request, cluster, config)
    if isinstance(request, Report):
        return request
    out: list[Finding] = []
    run_kind(Kind.CLUSTER, config, (request,), out)
    _strategy_findings(
        request.default_capacity_provider_strategy,
        type(request),
        ("default_capacity_provider_strategy",),
        None,
        config,
        out,
    )
    return Report(out)


@_configured
def validate_capacity_provider(
    request: CreateCapacityProviderRequest | Document, *, config: Config | None = None
) -> Report:
    """Every finding on a CreateCapacityProvider request."""
    config = config or DEFAULT_CONFIG
    read = _subject(lambda r: read_document(r, CreateCapacityProviderRequest), request, config)
    if isinstance(read, Report):
        return read
    out: list[Finding] = []
    run_kind(Kind.CAPACITY_PROVIDER, config, (read,), out)
    return Report(out)


@_configured
def validate_lifecycle_policy(policy: LifecyclePolicy | Document, *, config: Config | None = None) -> Report:
    """Every finding on an ECR lifecycle policy document (its JSON text is the ``lifecyclePolicyText`` the API
    takes)."""
    config = config or DEFAULT_CONFIG
    read = _subject(lambda p: read_document(p, LifecyclePolicy), policy, config)
    if isinstance(read, Report):
        return read
    out: list[Finding] = []
    run_kind(Kind.LIFECYCLE_POLICY, config, (read,), out)
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
    return _subject(read_task_definition, data, config or DEFAULT_CONFIG)


def read_or_findings(data: object, cls: type[T], config: Config | None = None) -> T | Report:
    """``read_document(data, cls)`` (a model checked, a document read), or the schema findings that stop it."""
    return _subject(lambda d: read_document(d, cls), data, config or DEFAULT_CONFIG)
