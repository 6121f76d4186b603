"""Rules on RunTask requests (catalog group P): count, overrides (size, container names, ephemeral storage),
propagateTags and startedBy. What RunTask shares with CreateService (launch type against capacity provider
strategy, compatibilities, platform version, the awsvpc network configuration, ECS Exec) is checked by the
``launch`` rules (:mod:`ecskit.validation.rules.launch`)."""

from __future__ import annotations

import json
import re

from ecskit.codec import to_api
from ecskit.validation.context import RunTaskContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import on_ec2_or_external, parse_platform_version, templated
from ecskit.validation.rules._outcomes import API, INVALID

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


@rule(
    "run-count",
    E,
    RUN_TASK,
    phase=API,
    aws_code=INVALID,
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
    phase=API,
    aws_code=INVALID,
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
    phase=API,
    aws_code=INVALID,
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
    phase=API,
    aws_code=INVALID,
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
    phase=API,
    aws_code=INVALID,
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
    phase=API,
    aws_code=INVALID,
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
    elsewhere = on_ec2_or_external(ctx)
    if elsewhere is not None:
        hits.append(Hit(path, f"ephemeral storage overrides are only for Fargate, not {elsewhere}"))
    version = parse_platform_version(ctx.request.platform_version)
    windows = ctx.taskdef is not None and ctx.taskdef.windows
    if version is not None and version < (1, 4, 0) and not windows:
        hits.append(Hit(ctx.path("platform_version"), "ephemeral storage overrides need platform version 1.4.0+"))
    return hits or None
