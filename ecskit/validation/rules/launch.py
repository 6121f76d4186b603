"""Rules on what a service (CreateService) and a RunTask request have in common: launch type against capacity
provider strategy, the task definition's compatibilities, platform version, the awsvpc network configuration and
ECS Exec. Each is one rule over a :class:`~ecskit.validation.context.LaunchContext`, run by
:func:`~ecskit.validation.validate_service` and :func:`~ecskit.validation.validate_run_task` alike; the twin ids
they replace (``svc-*``/``run-*``) are aliases."""

from __future__ import annotations

from ecskit.validation.context import LaunchContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import on_ec2_or_external, parse_platform_version
from ecskit.validation.rules._outcomes import ADVICE, API, INVALID

LAUNCH = Kind.LAUNCH
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "launch-type-xor-cps",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/terraform-linters/tflint-ruleset-aws/issues/349",
    aliases=("svc-launchtype-xor-cps", "run-launchtype-xor-cps"),
    summary="A service or RunTask sets launchType or capacityProviderStrategy, not both.",
    why='CreateService and RunTask fail: "Specifying both a launch type and capacity provider strategy is not '
    "supported. Remove one and try again.\" (even with launchType EC2; with neither, the cluster's default strategy "
    "is used).",
    fix="Keep one: launchType, or a capacity provider strategy (neither uses the cluster's default strategy).",
    docs=_docs.CREATE_SERVICE,
    when="capacity_provider_strategy",
)
def launch_type_xor_cps(ctx: LaunchContext) -> Hits:
    if ctx.launch_type is None or not ctx.strategy:
        return None
    return [
        Hit(
            ctx.path("launch_type"),
            "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
            f"launchType {ctx.launch_type} and a capacity provider strategy are both set: remove one",
        )
    ]


@rule(
    "launch-type-compat",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/aws-cli/issues/3983",
    aliases=("svc-launch-type-compat", "run-launch-type-compat"),
    summary="Tasks run on Fargate use a task definition that declares FARGATE compatibility.",
    why="ECS validates a task definition only against the compatibilities it lists (EC2 and EXTERNAL are checked "
    'for every task definition, FARGATE only when requested): CreateService and RunTask fail with "Task definition '
    'does not support launch_type FARGATE."',
    fix="Add FARGATE to the task definition's requiresCompatibilities (and register it again).",
    docs=_docs.FARGATE,
)
def launch_type_compat(ctx: LaunchContext) -> Hits:
    td = ctx.taskdef
    if td is None or not ctx.fargate or td.fargate:
        return None
    where = "launch_type" if ctx.launch_type else "capacity_provider_strategy"
    listed = ", ".join(sorted(td.compat)) or "none"
    hint = f"the {ctx.noun} runs on Fargate but the task definition's requiresCompatibilities is {listed}: add FARGATE"
    return [Hit(ctx.path(where), "Task definition does not support launch_type FARGATE.", hint)]


@rule(
    "launch-netcfg-required-awsvpc",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/fabfuel/ecs-deploy/issues/61",
    aliases=("svc-netcfg-required-awsvpc", "run-netcfg-required-awsvpc"),
    summary="Tasks that use the awsvpc network mode (all Fargate tasks do) get an awsvpc networkConfiguration.",
    why="CreateService and RunTask fail: \"Network Configuration must be provided when networkMode 'awsvpc' is "
    'specified."',
    fix="Add networkConfiguration.awsvpcConfiguration with the subnets (and security groups) for the tasks.",
    docs=_docs.NETWORKING,
)
def netcfg_required(ctx: LaunchContext) -> Hits:
    network = ctx.network_configuration
    if network is not None and network.awsvpc_configuration is not None:
        return None
    td = ctx.taskdef
    awsvpc = td.awsvpc if td is not None else ctx.fargate
    if not awsvpc:
        return None
    why = "the task definition uses awsvpc" if td is not None and td.awsvpc else "Fargate tasks use awsvpc"
    return [
        Hit(
            ctx.path("network_configuration"),
            "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            f"{why}: add networkConfiguration.awsvpcConfiguration with subnets (and security groups)",
        )
    ]


@rule(
    "launch-netcfg-forbidden-other",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws-actions/amazon-ecs-deploy-task-definition/issues/616",
    aliases=("svc-netcfg-forbidden-other", "run-netcfg-forbidden-other"),
    summary="Tasks whose task definition does not use awsvpc get no awsvpc network configuration.",
    why='CreateService and RunTask fail: "Network Configuration is not valid for the given networkMode of this task '
    'definition."',
    fix="Remove networkConfiguration, or switch the task definition to the awsvpc network mode.",
    docs=_docs.NETWORKING,
    when="network_configuration",
)
def netcfg_forbidden(ctx: LaunchContext) -> Hits:
    td = ctx.taskdef
    network = ctx.network_configuration
    if td is None or td.awsvpc or network is None or network.awsvpc_configuration is None:
        return None
    return [
        Hit(
            ctx.path("network_configuration"),
            "Network Configuration is not valid for the given networkMode of this task definition.",
            f"the task definition uses {td.effective_network_mode}: remove networkConfiguration, or switch the task "
            "definition to awsvpc",
        )
    ]


@rule(
    "launch-assign-public-ip",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/amazon-ecs-cli/issues/627",
    aliases=("svc-assign-public-ip", "run-assign-public-ip"),
    summary="assignPublicIp ENABLED is used only for tasks on Fargate, not on EC2 or external instances.",
    why="awsvpc tasks on EC2 instances do not get public IPs on their ENI: CreateService and RunTask fail with "
    '"Assign public IP is not supported for this launch type."',
    fix="Set assignPublicIp to DISABLED (or omit it) and give the tasks a route out through a NAT gateway or "
    "VPC endpoints.",
    docs=_docs.NETWORKING,
    when="network_configuration",
)
def assign_public_ip(ctx: LaunchContext) -> Hits:
    network = ctx.network_configuration
    vpc = network.awsvpc_configuration if network is not None else None
    if vpc is None or vpc.assign_public_ip is None or str(vpc.assign_public_ip) != "ENABLED":
        return None
    elsewhere = on_ec2_or_external(ctx)
    if elsewhere is None:
        return None
    path = ctx.path("network_configuration", "awsvpc_configuration", "assign_public_ip")
    hint = f"{elsewhere} tasks get no public IP: set assignPublicIp DISABLED and route out through a NAT gateway"
    return [Hit(path, "Assign public IP is not supported for this launch type.", hint)]


@rule(
    "fargate-platform-only-fargate",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/amazon-ecs-cli/issues/1040",
    aliases=("run-platform-only-fargate",),
    summary="platformVersion is set only for tasks on Fargate.",
    why='CreateService and RunTask fail: "The platform version must be null when specifying an EC2 launch type."',
    fix="Remove platformVersion (it only applies to Fargate).",
    docs=_docs.PLATFORM_VERSIONS,
    when="platform_version",
)
def platform_only_fargate(ctx: LaunchContext) -> Hits:
    if not ctx.platform_version or ctx.launch_type not in ("EC2", "EXTERNAL"):
        return None
    message = f"The platform version must be null when specifying an {ctx.launch_type} launch type."
    return [Hit(ctx.path("platform_version"), message, "remove platformVersion")]


@rule(
    "launch-exec-command",
    E,
    LAUNCH,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/aws-toolkit-jetbrains/issues/3649",
    aliases=("svc-exec-command", "iam-exec-command-run-task"),
    summary="With enableExecuteCommand, the tasks have a task role (from the task definition, or a RunTask override).",
    why="ECS Exec runs through the task role: the service calls fail with \"The service couldn't be updated because "
    'a valid taskRoleArn is not being used. Specify a valid task role in your task definition and try again." '
    "(the public copy is UpdateService's), and RunTask fails unless the task definition has a task role or one is "
    "given as an override.",
    fix="Give the task definition a taskRoleArn allowing ssmmessages:CreateControlChannel, CreateDataChannel, "
    "OpenControlChannel and OpenDataChannel (RunTask: or pass overrides.taskRoleArn).",
    docs=_docs.EXEC,
    when="enable_execute_command",
)
def exec_command(ctx: LaunchContext) -> Hits:
    if not ctx.enable_execute_command or ctx.taskdef is None or ctx.task_role:
        return None
    path = ctx.path("enable_execute_command")
    if ctx.noun == "service":
        message = (
            "The service couldn't be updated because a valid taskRoleArn is not being used. Specify a valid task "
            "role in your task definition and try again."
        )
        return [Hit(path, message, "ECS Exec needs a task role and the task definition has none: set taskRoleArn")]
    return [Hit(path, "ECS Exec needs a task role; the task definition has none and overrides give none")]


@rule(
    "launch-exec-platform-version",
    W,
    LAUNCH,
    phase=ADVICE,
    doubt="Whether CreateService and RunTask refuse ECS Exec on older platform versions is not documented; the "
    "tasks run, but exec sessions cannot start.",
    summary="ECS Exec on Fargate Linux runs on platform version 1.4.0 or later.",
    why="ECS Exec needs Fargate Linux platform version 1.4.0 or later (Windows 1.0.0); on older versions the exec "
    "agent is not there and execute-command fails.",
    fix="Use platformVersion LATEST (or 1.4.0).",
    docs=_docs.EXEC,
    when="platform_version",
)
def exec_platform_version(ctx: LaunchContext) -> Hits:
    if not ctx.enable_execute_command or not ctx.fargate:
        return None
    version = parse_platform_version(ctx.platform_version)
    td = ctx.taskdef
    windows = td.windows if td is not None else version == (1, 0, 0)
    if version is None or version >= (1, 4, 0) or windows:
        return None
    message = f"ECS Exec needs Fargate platform version 1.4.0+; {ctx.platform_version} is older"
    return [Hit(ctx.path("platform_version"), message)]
