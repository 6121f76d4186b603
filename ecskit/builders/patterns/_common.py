"""What the patterns share: the application container, the task definition with its two roles, and the one-line
descriptions their ``summary()`` prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ecskit.builders._checks import error
from ecskit.builders.clusters import spot_with_on_demand_base
from ecskit.builders.containers import ContainerBuilder, container
from ecskit.builders.load_balancing import security_group_id
from ecskit.builders.task_definitions import TaskDefinitionBuilder
from ecskit.errors import ConversionError, ValidationError
from ecskit.iam import execution_role, role_arn, task_role
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    Compatibility,
    CreateServiceRequest,
    LaunchType,
    NetworkMode,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
)
from ecskit.models.elbv2 import Listener, LoadBalancer, SecurityGroup, TargetGroup
from ecskit.models.iam import Role, Statement
from ecskit.validation import Config, Finding, schema_findings

__all__ = [
    "TaskWithRoles",
    "app_container",
    "describe_listener",
    "describe_load_balancer",
    "describe_role",
    "describe_run_task",
    "describe_security_group",
    "describe_service",
    "describe_target_group",
    "describe_task_definition",
    "egress_only_group",
    "spot_strategy",
    "summarise",
    "task_with_roles",
    "where_tasks_run",
]

#: How Fargate Spot and capacity provider strategies work.
SPOT_DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html"


def app_container(
    name: str,
    image: str | ContainerBuilder,
    *,
    port: int | None = None,
    host_port: int | None = None,
    command: Sequence[str] = (),
    environment: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
) -> ContainerBuilder:
    """The pattern's container: ``image`` as a container named ``name``, or the given builder; ``port`` is mapped
    unless the container maps it already."""
    app = container(name, image) if isinstance(image, str) else image
    mapped = {pm.container_port for pm in app.definition.port_mappings or ()}
    if port is not None and port not in mapped:
        app = app.port(port, host_port=host_port)
    if command:
        app = app.command(*command)
    if environment:
        app = app.env(environment)
    if secrets:
        app = app.secrets(secrets)
    return app


def where_tasks_run(
    builder: TaskDefinitionBuilder,
    *,
    launch_type: LaunchType,
    network_mode: NetworkMode | None,
    cpu: int | str,
    memory: int | str,
) -> TaskDefinitionBuilder:
    """Fargate (awsvpc) or EC2 (bridge unless ``network_mode`` says otherwise), with the task size. A network mode
    that Fargate does not run is kept, so that validation reports it."""
    if launch_type is LaunchType.FARGATE:
        placed = builder.fargate(cpu=cpu, memory=memory)
        return placed if network_mode is None else placed.network_mode(network_mode)
    placed = builder.ec2(network_mode=network_mode or NetworkMode.BRIDGE, cpu=cpu, memory=memory)
    return placed if launch_type is LaunchType.EC2 else placed.compatibilities(Compatibility(str(launch_type)))


@attrs.frozen(kw_only=True)
class TaskWithRoles:
    """A validated task definition and the two roles it names."""

    #: The task definition, naming both roles.
    task_definition: RegisterTaskDefinitionRequest
    #: Its execution role: exactly what the task definition references (images, log groups, secrets).
    execution_role: Role
    #: Its task role.
    task_role: Role


def task_with_roles(
    builder: TaskDefinitionBuilder,
    *,
    name: str,
    account: str,
    region: str,
    partition: str,
    statements: Sequence[Statement],
    exec_enabled: bool,
    config: Config | None,
) -> TaskWithRoles:
    """Make the roles from what the draft references, name them in the task definition and build it.

    The role names (``{name}-execution``, ``{name}-task``) are fixed before the roles exist, so the task
    definition can name their ARNs; the execution role is derived from the draft, which references everything
    but the roles themselves.
    """
    draft = builder.draft()
    try:
        execution = execution_role(
            draft, account=account, region=region, partition=partition, role_name=f"{name}-execution"
        )
        task = task_role(
            draft,
            account=account,
            region=region,
            partition=partition,
            role_name=f"{name}-task",
            statements=tuple(statements),
            exec_enabled=exec_enabled,
        )
        execution_arn, task_arn = role_arn(execution, account, partition), role_arn(task, account, partition)
    except ConversionError as exc:
        # A malformed account, Region or partition: one kind of failure for every bad argument of a pattern.
        report = schema_findings(exc, config)
        raise ValidationError(report.format() if report.errors else str(exc), report=report) from exc
    td = builder.execution_role(execution_arn).task_role(task_arn).build(config=config)
    return TaskWithRoles(task_definition=td, execution_role=execution, task_role=task)


def spot_strategy(
    *,
    launch_type: LaunchType,
    spot: bool | None,
    on_demand_base: int,
    capacity_provider_strategy: Sequence[CapacityProviderStrategyItem],
) -> tuple[tuple[CapacityProviderStrategyItem, ...], list[Finding]]:
    """The capacity provider strategy of a worker: the one given, or Spot-first on Fargate (``spot`` None or
    True), or none (the launch type). Spot on EC2 comes from an Auto Scaling group provider: asking for it without
    a strategy is an error."""
    if capacity_provider_strategy:
        return tuple(capacity_provider_strategy), []
    if launch_type is LaunchType.FARGATE and spot is not False:
        return spot_with_on_demand_base(base=on_demand_base, spot_weight=1, on_demand_weight=0), []
    if spot:
        hint = "pass capacity_provider_strategy=spot_with_on_demand_base(on_demand='<ASG provider>', spot='<Spot ASG>')"
        problem = error(
            "pattern-spot-capacity",
            "capacity_provider_strategy",
            f"spot=True needs a Spot capacity provider; launch type {launch_type} has none built in",
            hint=hint,
            docs=SPOT_DOCS,
        )
        return (), [problem]
    return (), []


def egress_only_group(name: str, *, vpc_id: str, description: str) -> SecurityGroup:
    """A security group that admits nothing (EC2's default egress rule lets the tasks reach out)."""
    return SecurityGroup(
        group_name=name, description=description, vpc_id=vpc_id, group_id=security_group_id(name, vpc_id=vpc_id)
    )


def describe_task_definition(td: RegisterTaskDefinitionRequest) -> str:
    """``task definition web: FARGATE awsvpc, cpu 512, memory 1024; containers: web (image, ports 8080)``."""
    compat = "/".join(str(c) for c in td.requires_compatibilities or ()) or "any"
    containers = []
    for c in td.container_definitions:
        ports = [str(pm.container_port) for pm in c.port_mappings or () if pm.container_port is not None]
        containers.append(f"{c.name} ({c.image}" + (f", ports {' '.join(ports)})" if ports else ")"))
    return (
        f"task definition {td.family}: {compat} {td.network_mode or 'default network'}, cpu {td.cpu}, "
        f"memory {td.memory}; containers: {', '.join(containers)}"
    )


def _capacity(request: CreateServiceRequest | RunTaskRequest) -> str:
    if request.capacity_provider_strategy:
        parts = []
        for item in request.capacity_provider_strategy:
            base = f" base {item.base}" if item.base else ""
            parts.append(f"{item.capacity_provider} weight {item.weight}{base}")
        return "capacity providers " + ", ".join(parts)
    return f"launch type {request.launch_type or 'cluster default'}"


def _network(request: CreateServiceRequest | RunTaskRequest) -> str:
    vpc = request.network_configuration.awsvpc_configuration if request.network_configuration else None
    if vpc is None:
        return "instance network"
    groups = " ".join(vpc.security_groups or ()) or "VPC default group"
    return f"subnets {' '.join(vpc.subnets)}, security groups {groups}, public IP {vpc.assign_public_ip}"


def describe_service(svc: CreateServiceRequest) -> str:
    """``service web: 2 x web, launch type FARGATE, subnets ..., load balancer -> web:8080``."""
    lbs = [f"{lb.container_name}:{lb.container_port}" for lb in svc.load_balancers or ()]
    text = f"service {svc.service_name}: {svc.desired_count} x {svc.task_definition}, {_capacity(svc)}, {_network(svc)}"
    return text + (f"; target groups -> {', '.join(lbs)}" if lbs else "")


def describe_run_task(run: RunTaskRequest) -> str:
    """``run task: 1 x migrate, launch type FARGATE, subnets ...``."""
    return f"run task: {run.count or 1} x {run.task_definition}, {_capacity(run)}, {_network(run)}"


def describe_load_balancer(lb: LoadBalancer) -> str:
    """``load balancer web: internet-facing application in subnet-1 subnet-2``."""
    return f"load balancer {lb.load_balancer_name}: {lb.scheme} {lb.type} in {' '.join(lb.subnets)}"


def describe_listener(listener: Listener) -> str:
    """``listener: HTTP 80 -> web-tg``."""
    return f"listener: {listener.protocol} {listener.port} -> {listener.default_target_group}"


def describe_target_group(group: TargetGroup) -> str:
    """``target group web-tg: ip HTTP 8080, health check GET / expects 200``."""
    check = group.health_check
    return (
        f"target group {group.target_group_name}: {group.target_type} {group.protocol} {group.port}, "
        f"health check {check.path} expects {check.matcher}"
    )


def describe_security_group(group: SecurityGroup) -> str:
    """``security group web-lb (sg-...): tcp 80 from 0.0.0.0/0``."""
    rules = []
    for r in group.rules:
        ports = str(r.from_port) if r.from_port == r.to_port else f"{r.from_port}-{r.to_port}"
        rules.append(f"{r.protocol} {ports} from {r.cidr or r.source_security_group}")
    return f"security group {group.group_name} ({group.group_id}): {', '.join(rules) or 'no ingress'}"


def describe_role(role: Role) -> str:
    """``role web-execution: 3 statements``."""
    statements = sum(len(p.statements) for p in (role.inline_policies or {}).values())
    managed = len(role.managed_policy_arns or ())
    return f"role {role.role_name}: {statements} inline statements, {managed} managed policies"


def summarise(
    security_group: SecurityGroup | None,
    execution_role: Role,
    task_role: Role,
    td: RegisterTaskDefinitionRequest,
    last: str,
) -> str:
    """The summary of a pattern without a load balancer: its group (if any), roles, task definition, then ``last``."""
    group = () if security_group is None else (describe_security_group(security_group),)
    lines = [*group, describe_role(execution_role), describe_role(task_role), describe_task_definition(td), last]
    return "\n".join(lines)
