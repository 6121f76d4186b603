"""Rules on RunTask requests (catalog group P): count, overrides (size, container names, ephemeral storage),
propagateTags and startedBy, and - given the task definition - launch type against capacity provider strategy,
compatibilities, platform version and the awsvpc network configuration."""

from __future__ import annotations

import json
import re

from ecskit.codec import to_api
from ecskit.validation.context import RunTaskContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import parse_platform_version, templated

STARTED_BY = re.compile(r"[A-Za-z0-9_/-]{0,128}\Z")
MAX_COUNT, MAX_OVERRIDES = 10, 8192
_OVERRIDE_MEMBERS = (
    "command",
    "environment",
    "environment_files",
    "cpu",
    "memory",
    "memory_reservation",
    "resource_requirements",
)
RUN_TASK = Kind.RUN_TASK
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


def _on_ec2_or_external(ctx: RunTaskContext) -> str | None:
    """The launch type when the task surely runs outside Fargate (EC2/EXTERNAL, or EC2 capacity providers)."""
    if ctx.launch_type in ("EC2", "EXTERNAL"):
        return ctx.launch_type
    if ctx.providers and not ctx.fargate and not any(templated(p) or not p for p in ctx.providers):
        return "EC2"
    return None


@rule(
    "run-count",
    E,
    RUN_TASK,
    summary="RunTask starts 1-10 tasks per call.",
    why="You can specify up to 10 tasks for each RunTask call; the API rejects other counts.",
    fix="Call RunTask several times, or use a service for more tasks.",
    docs=_docs.RUN_TASK,
    when="count",
)
def count(ctx: RunTaskContext) -> Hits:
    value = ctx.request.count
    if value is None or 1 <= value <= MAX_COUNT:
        return None
    return [Hit(ctx.path("count"), f"count {value} is outside 1-{MAX_COUNT}")]


@rule(
    "run-overrides-size",
    E,
    RUN_TASK,
    summary="The overrides take at most 8192 characters of JSON.",
    why="A total of 8192 characters are allowed for overrides, including the JSON formatting characters; RunTask "
    "rejects more.",
    fix="Move long commands or environment values into the task definition, an environment file or SSM parameters.",
    docs=_docs.RUN_TASK,
    when="overrides",
)
def overrides_size(ctx: RunTaskContext) -> Hits:
    overrides = ctx.request.overrides
    if overrides is None:
        return None
    rough = 0
    for c in overrides.container_overrides or ():
        rough += sum(len(a) for a in c.command or ())
        rough += sum(len(e.name or "") + len(e.value or "") for e in c.environment or ())
    if rough < MAX_OVERRIDES // 2:  # far below the limit: skip serialising
        return None
    size = len(json.dumps(to_api(overrides), separators=(",", ":"), default=str))
    if size <= MAX_OVERRIDES:
        return None
    return [Hit(ctx.path("overrides"), f"the overrides are {size} characters of JSON; at most {MAX_OVERRIDES}")]


@rule(
    "run-override-container-name",
    E,
    RUN_TASK,
    summary="Each container override names a container of the task definition.",
    why="ContainerOverride.name is required if any override is specified, and must be the name of a container in "
    "the task definition; RunTask rejects others.",
    fix="Set 'name' to the container's name in the task definition.",
    docs=_docs.RUN_TASK,
    when="overrides",
)
def override_container_name(ctx: RunTaskContext) -> Hits:
    overrides = ctx.request.overrides
    if overrides is None or not overrides.container_overrides:
        return None
    names = ctx.taskdef.by_name if ctx.taskdef is not None else None
    hits = []
    for i, c in enumerate(overrides.container_overrides):
        if c.name is None:
            if not any(getattr(c, attr) is not None for attr in _OVERRIDE_MEMBERS):
                continue
            hits.append(Hit(ctx.path("overrides", "container_overrides", i), "the container override has no name"))
        elif names is not None and c.name not in names and not templated(c.name):
            known = ", ".join(repr(n) for n in names) or "none"
            path = ctx.path("overrides", "container_overrides", i, "name")
            hits.append(Hit(path, f"the task definition has no container {c.name!r} (containers: {known})"))
    return hits or None


@rule(
    "run-propagate-service",
    E,
    RUN_TASK,
    summary="RunTask does not propagate tags from SERVICE.",
    why="An error will be received if you specify the SERVICE option of propagateTags when running a task.",
    fix="Use propagateTags TASK_DEFINITION, or omit it.",
    docs=_docs.RUN_TASK,
    when="propagate_tags",
)
def propagate_service(ctx: RunTaskContext) -> Hits:
    tags = ctx.request.propagate_tags
    if tags is None or str(tags) != "SERVICE":
        return None
    return [Hit(ctx.path("propagate_tags"), "propagateTags SERVICE is not valid for RunTask")]


@rule(
    "run-started-by",
    E,
    RUN_TASK,
    summary="startedBy is up to 128 letters, digits, hyphens, slashes and underscores.",
    why="RunTask accepts up to 128 letters, numbers, hyphens (-), forward slashes (/) and underscores (_) in "
    "startedBy and rejects anything else.",
    fix="Shorten startedBy and replace other characters (spaces, dots, colons) with '-'.",
    docs=_docs.RUN_TASK,
    when="started_by",
)
def started_by(ctx: RunTaskContext) -> Hits:
    value = ctx.request.started_by
    if value is None or STARTED_BY.match(value) or templated(value):
        return None
    problem = "is longer than 128 characters" if len(value) > 128 else "has characters other than A-Z a-z 0-9 - / _"
    return [Hit(ctx.path("started_by"), f"startedBy {value!r} {problem}")]


@rule(
    "run-override-ephemeral",
    E,
    RUN_TASK,
    summary="An ephemeralStorage override is 21-200 GiB, on Fargate, Linux platform version 1.4.0 or later.",
    why="The ephemeral storage override is only supported for tasks hosted on Fargate using Linux platform version "
    "1.4.0 or later (Windows 1.0.0 or later), with sizes 21-200 GiB.",
    fix="Run the task on Fargate with platform version LATEST, and ask for 21-200 GiB.",
    docs=_docs.RUN_TASK,
    when="overrides",
)
def override_ephemeral(ctx: RunTaskContext) -> Hits:
    overrides = ctx.request.overrides
    storage = overrides.ephemeral_storage if overrides is not None else None
    if storage is None:
        return None
    path = ctx.path("overrides", "ephemeral_storage")
    hits = []
    if not 21 <= storage.size_in_gib <= 200:
        hits.append(
            Hit(
                ctx.path("overrides", "ephemeral_storage", "size_in_gib"),
                f"{storage.size_in_gib} GiB is outside 21-200",
            )
        )
    elsewhere = _on_ec2_or_external(ctx)
    if elsewhere is not None:
        hits.append(Hit(path, f"ephemeral storage overrides are only for Fargate, not {elsewhere}"))
    version = parse_platform_version(ctx.request.platform_version)
    windows = ctx.taskdef is not None and ctx.taskdef.windows
    if version is not None and version < (1, 4, 0) and not windows:
        hits.append(Hit(ctx.path("platform_version"), "ephemeral storage overrides need platform version 1.4.0+"))
    return hits or None


@rule(
    "run-launchtype-xor-cps",
    E,
    RUN_TASK,
    summary="RunTask gives a launchType or a capacityProviderStrategy, not both.",
    why='RunTask fails: "Specifying both a launch type and capacity provider strategy is not supported. Remove one '
    "and try again.\" (with neither, the cluster's default strategy is used).",
    fix="Remove launchType (to use the strategy) or capacityProviderStrategy (to use the launch type).",
    docs=_docs.RUN_TASK,
    when="capacity_provider_strategy",
)
def launchtype_xor_cps(ctx: RunTaskContext) -> Hits:
    if ctx.launch_type is None or not ctx.request.capacity_provider_strategy:
        return None
    return [Hit(ctx.path("launch_type"), "launchType and capacityProviderStrategy are both given")]


@rule(
    "run-launch-type-compat",
    E,
    RUN_TASK,
    summary="A task run on Fargate uses a task definition that declares FARGATE compatibility.",
    why="ECS validates a task definition only against the compatibilities it lists (EC2 and EXTERNAL are checked "
    'for every task definition, FARGATE only when requested): RunTask fails with "Task definition does not support '
    'launch_type FARGATE."',
    fix="Add FARGATE to the task definition's requiresCompatibilities (and register it again).",
    docs=_docs.RUN_TASK,
)
def launch_type_compat(ctx: RunTaskContext) -> Hits:
    td = ctx.taskdef
    if td is None or not ctx.fargate or td.fargate:
        return None
    where = "launch_type" if ctx.launch_type else "capacity_provider_strategy"
    listed = ", ".join(sorted(td.compat)) or "none"
    message = f"the task runs on Fargate but the task definition's requiresCompatibilities is {listed}"
    return [Hit(ctx.path(where), message)]


@rule(
    "run-platform-only-fargate",
    E,
    RUN_TASK,
    summary="platformVersion is set only for tasks on Fargate.",
    why='RunTask fails: "The platform version must be null when specifying an EC2 launch type."',
    fix="Remove platformVersion (it only applies to Fargate).",
    docs=_docs.RUN_TASK,
    when="platform_version",
)
def platform_only_fargate(ctx: RunTaskContext) -> Hits:
    if not ctx.request.platform_version or ctx.launch_type not in ("EC2", "EXTERNAL"):
        return None
    return [Hit(ctx.path("platform_version"), f"platformVersion must be omitted with launchType {ctx.launch_type}")]


@rule(
    "run-netcfg-required-awsvpc",
    E,
    RUN_TASK,
    summary="A task whose task definition uses awsvpc gets an awsvpc network configuration.",
    why="RunTask fails: \"Network Configuration must be provided when networkMode 'awsvpc' is specified.\"",
    fix="Add networkConfiguration.awsvpcConfiguration with subnets (and security groups).",
    docs=_docs.RUN_TASK,
)
def netcfg_required(ctx: RunTaskContext) -> Hits:
    if ctx.taskdef is None or not ctx.taskdef.awsvpc:
        return None
    config = ctx.request.network_configuration
    if config is not None and config.awsvpc_configuration is not None:
        return None
    return [
        Hit(ctx.path("network_configuration"), "the task definition uses awsvpc but there is no awsvpcConfiguration")
    ]


@rule(
    "run-netcfg-forbidden-other",
    E,
    RUN_TASK,
    summary="A task whose task definition does not use awsvpc gets no network configuration.",
    why='RunTask fails: "Network Configuration is not valid for the given networkMode of this task definition."',
    fix="Remove networkConfiguration, or switch the task definition to awsvpc.",
    docs=_docs.RUN_TASK,
    when="network_configuration",
)
def netcfg_forbidden(ctx: RunTaskContext) -> Hits:
    td = ctx.taskdef
    config = ctx.request.network_configuration
    if td is None or td.awsvpc or config is None or config.awsvpc_configuration is None:
        return None
    mode = td.effective_network_mode
    return [Hit(ctx.path("network_configuration"), f"networkConfiguration is not valid for network mode {mode}")]


@rule(
    "run-assign-public-ip",
    E,
    RUN_TASK,
    summary="assignPublicIp ENABLED only for tasks on Fargate.",
    why='RunTask fails on EC2: "Assign public IP is not supported for this launch type." (awsvpc tasks on EC2 '
    "instances never get public IPs).",
    fix="Set assignPublicIp DISABLED and give the subnets a NAT gateway or VPC endpoints.",
    docs=_docs.RUN_TASK,
    when="network_configuration",
)
def assign_public_ip(ctx: RunTaskContext) -> Hits:
    config = ctx.request.network_configuration
    vpc = config.awsvpc_configuration if config is not None else None
    if vpc is None or vpc.assign_public_ip is None or str(vpc.assign_public_ip) != "ENABLED":
        return None
    elsewhere = _on_ec2_or_external(ctx)
    if elsewhere is None:
        return None
    path = ctx.path("network_configuration", "awsvpc_configuration", "assign_public_ip")
    return [Hit(path, f"assignPublicIp ENABLED is not supported for {elsewhere} tasks")]
