"""Rules for ECS Anywhere (catalog group Q): task definitions that declare EXTERNAL (no awsvpc, no App Mesh proxy,
no SELinux labels) and services with launchType EXTERNAL (no load balancers, no service discovery, no capacity
providers). EFS volumes on external instances are checked by ``vol-efs-platform``, and the execution role that
awslogs needs there by ``iam-exec-when-required``."""

from __future__ import annotations

from ecskit.models.ecs import ContainerDefinition
from ecskit.placement import Reason
from ecskit.validation.context import ServiceContext, TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._outcomes import API, INVALID, RUNTIME, not_placed

TD, CONTAINER, SERVICE = Kind.TASK_DEFINITION, Kind.CONTAINER, Kind.SERVICE
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "ext-network-mode",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Whether RegisterTaskDefinition refuses awsvpc with EXTERNAL is not documented; external instances "
    "lack the task ENI capability awsvpc tasks need.",
    summary="A task definition for external instances does not use the awsvpc network mode.",
    why="ECS Anywhere does not support the awsvpc network mode: Linux tasks on external instances use bridge, host "
    "or none (Windows tasks the default mode).",
    fix="Use networkMode bridge (or host), or drop EXTERNAL from requiresCompatibilities.",
    docs=_docs.ANYWHERE,
    when="requires_compatibilities",
)
def network_mode(ctx: TaskDefContext) -> Hits:
    if not ctx.external or not ctx.awsvpc:
        return None
    return [Hit(ctx.path("network_mode"), "networkMode awsvpc is not supported on external instances (ECS Anywhere)")]


@rule(
    "ext-app-mesh",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Documented as not supported on external instances; how it fails is not.",
    summary="A task definition for external instances has no App Mesh proxy configuration.",
    why="App Mesh integration is not supported on external instances (ECS Anywhere).",
    fix="Remove proxyConfiguration, or run the task on EC2 or Fargate.",
    docs=_docs.ANYWHERE,
    when="proxy_configuration",
)
def app_mesh(ctx: TaskDefContext) -> Hits:
    if not ctx.external or ctx.td.proxy_configuration is None:
        return None
    return [
        Hit(ctx.path("proxy_configuration"), "App Mesh (proxyConfiguration) is not supported on external instances")
    ]


@rule(
    "ext-selinux",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Documented as not supported on external instances; how it fails is not.",
    summary="Containers for external instances use no SELinux labels.",
    why="SELinux is not supported on external instances (ECS Anywhere).",
    fix="Remove the label: entries from dockerSecurityOptions.",
    docs=_docs.ANYWHERE,
    when="docker_security_options",
)
def selinux(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    options = c.docker_security_options
    if not options or not ctx.external:
        return None
    hits = [
        Hit(ctx.cpath(i, "docker_security_options", j), f"SELinux option {o!r} is not supported on external instances")
        for j, o in enumerate(options)
        if o.startswith("label")
    ]
    return hits or None


@rule(
    "ext-no-load-balancers",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Services with launchType EXTERNAL have no load balancers.",
    why="Service load balancing is not supported for external instances (ECS Anywhere): CreateService rejects it.",
    fix="Remove loadBalancers and put your own load balancer in front of the instances.",
    docs=_docs.ANYWHERE,
    when="load_balancers",
)
def no_load_balancers(ctx: ServiceContext) -> Hits:
    if ctx.launch_type != "EXTERNAL" or not ctx.service.load_balancers:
        return None
    return [Hit(ctx.path("load_balancers"), "load balancers are not supported with launchType EXTERNAL")]


@rule(
    "ext-no-service-discovery",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Services with launchType EXTERNAL have no service registries.",
    why="Service discovery is not supported for external instances (ECS Anywhere): CreateService rejects it.",
    fix="Remove serviceRegistries and register the instances in your own discovery system.",
    docs=_docs.ANYWHERE,
    when="service_registries",
)
def no_service_discovery(ctx: ServiceContext) -> Hits:
    if ctx.launch_type != "EXTERNAL" or not ctx.service.service_registries:
        return None
    return [Hit(ctx.path("service_registries"), "service discovery is not supported with launchType EXTERNAL")]


@rule(
    "ext-no-capacity-providers",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Services with launchType EXTERNAL use no capacity provider strategy.",
    why="Capacity providers are not supported for external instances (ECS Anywhere): tasks reach them only through "
    "launchType EXTERNAL, and CreateService rejects a strategy next to a launch type.",
    fix="Keep launchType EXTERNAL and remove capacityProviderStrategy.",
    docs=_docs.ANYWHERE,
    when="capacity_provider_strategy",
)
def no_capacity_providers(ctx: ServiceContext) -> Hits:
    if ctx.launch_type != "EXTERNAL" or not ctx.service.capacity_provider_strategy:
        return None
    message = "capacity providers cannot place tasks on external instances"
    return [Hit(ctx.path("capacity_provider_strategy"), message)]
