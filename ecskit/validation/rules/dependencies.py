"""Rules on container dependencies (dependsOn, and the start order links and volumesFrom imply) and on
container health checks."""

from __future__ import annotations

import json

from ecskit.models.ecs import ContainerDefinition, TaskStopCode
from ecskit.validation.context import LaunchContext, ServiceContext, TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import parse_platform_version, templated
from ecskit.validation.rules._outcomes import (
    ADVICE,
    API,
    CLIENT,
    DOUBT_REGISTERS,
    PLATFORM_INCOMPATIBLE,
    RUNTIME,
    stopped,
)

TD, CONTAINER, SERVICE, LAUNCH = Kind.TASK_DEFINITION, Kind.CONTAINER, Kind.SERVICE, Kind.LAUNCH
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

Hits = list[Hit] | None

HC_INTERVAL = (5, 300)
HC_TIMEOUT = (2, 60)
HC_RETRIES = (1, 10)
HC_START_PERIOD = (0, 300)
HC_PREFIXES = ("CMD", "CMD-SHELL")
#: Container features and the Fargate Linux platform version they need.
PLATFORM_FEATURES = (
    ("depends_on", "dependsOn", (1, 3, 0)),
    ("start_timeout", "startTimeout", (1, 3, 0)),
    ("stop_timeout", "stopTimeout", (1, 3, 0)),
    ("health_check", "healthCheck", (1, 1, 0)),
)


@rule(
    "dep-target-exists",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt=DOUBT_REGISTERS,
    summary="Each dependsOn entry names another container of the same task definition.",
    why="A dependency on a container that does not exist (or on the container itself) can never be resolved: the "
    "agent cannot order the containers and the task stops before it starts.",
    fix="Set containerName to the name of another container in this task definition.",
    docs=_docs.CONTAINER_DEPENDENCY,
    when="depends_on",
)
def target_exists(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.depends_on:
        return None
    hits = []
    for j, dep in enumerate(c.depends_on):
        name = dep.container_name
        path = ctx.cpath(i, "depends_on", j, "container_name")
        if not name:
            hits.append(Hit(path, "the dependency has no containerName"))
        elif name == c.name:
            hits.append(Hit(path, f"container {c.name!r} depends on itself"))
        elif name not in ctx.by_name and not templated(name):
            hits.append(Hit(path, f"no container is named {name!r}"))
    return hits or None


@rule(
    "dep-complete-success-nonessential",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/boto/boto3/issues/2436",
    summary="A container that others wait on with COMPLETE or SUCCESS is not essential.",
    why='RegisterTaskDefinition fails: "A dependency container with SUCCESS or COMPLETE condition cannot be an '
    'essential container" (an essential container that exits stops the task).',
    fix="Set essential to false on the container that runs to completion.",
    docs=_docs.CONTAINER_DEPENDENCY,
    when="depends_on",
)
def complete_success_nonessential(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.depends_on:
        return None
    hits = []
    for j, dep in enumerate(c.depends_on):
        condition = str(dep.condition)
        if condition not in ("COMPLETE", "SUCCESS"):
            continue
        target = ctx.by_name.get(dep.container_name)
        if target is not None and target is not c and target.essential is not False:
            message = "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container"
            hint = (
                f"{dep.container_name!r} is essential, so no container can wait for it to {condition}: set essential "
                f"to false on container {dep.container_name!r}"
            )
            hits.append(Hit(ctx.cpath(i, "depends_on", j, "condition"), message, hint))
    return hits or None


@rule(
    "dep-healthy-needs-healthcheck",
    W,
    CONTAINER,
    phase=ADVICE,
    doubt="The docs say HEALTHY needs a health check on the dependency; whether the agent then waits forever or "
    "treats the dependency as met is not documented (one public emulator treats it as met).",
    summary="A container that others wait on with HEALTHY defines a healthCheck.",
    why="The HEALTHY condition requires that the dependency has health checks configured; without one it never "
    "becomes healthy, so the dependent container may never start (or the condition is met at once: see the doubt).",
    fix="Add a healthCheck to the dependency, or wait for it with START instead.",
    docs=_docs.CONTAINER_DEPENDENCY,
    when="depends_on",
)
def healthy_needs_healthcheck(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.depends_on:
        return None
    hits = []
    for j, dep in enumerate(c.depends_on):
        if str(dep.condition) != "HEALTHY":
            continue
        target = ctx.by_name.get(dep.container_name)
        if target is not None and target is not c and target.health_check is None:
            message = f"{dep.container_name!r} has no healthCheck, so it never becomes HEALTHY"
            hits.append(Hit(ctx.cpath(i, "depends_on", j, "condition"), message))
    return hits or None


def _edges(ctx: TaskDefContext) -> dict[str, list[tuple[str, str]]]:
    """Container name -> (name it waits for, attribute that says so), for dependsOn, links and volumesFrom."""
    names = ctx.by_name
    graph: dict[str, list[tuple[str, str]]] = {}
    for c in ctx.containers:
        if c.name is None or names.get(c.name) is not c:
            continue
        out: list[tuple[str, str]] = []
        out.extend((d.container_name, "depends_on") for d in c.depends_on or ())
        out.extend((link.partition(":")[0], "links") for link in c.links or ())
        out.extend((v.source_container, "volumes_from") for v in c.volumes_from or () if v.source_container)
        # Self-references and unknown names are reported by the rules on each field.
        graph[c.name] = [(t, a) for t, a in out if t in names and t != c.name]
    return graph


def _cycles(graph: dict[str, list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Some cycles of the graph (at least one per cyclic component), each as (container, attribute) steps."""
    done: set[str] = set()
    found: list[list[tuple[str, str]]] = []
    seen_sets: set[frozenset[str]] = set()
    for start in graph:
        if start in done:
            continue
        # Iterative depth-first search; stack holds (node, attribute of the edge taken from it, next edge index).
        stack: list[tuple[str, str, int]] = [(start, "", 0)]
        on_stack = {start: 0}
        while stack:
            node, _, k = stack[-1]
            edges = graph.get(node, [])
            if k >= len(edges):
                stack.pop()
                del on_stack[node]
                done.add(node)
                continue
            target, attr = edges[k]
            stack[-1] = (node, attr, k + 1)
            if target in on_stack:
                steps = [(n, a) for n, a, _ in stack[on_stack[target] :]]
                key = frozenset(n for n, _ in steps)
                if key not in seen_sets:
                    seen_sets.add(key)
                    found.append(steps)
            elif target not in done:
                on_stack[target] = len(stack)
                stack.append((target, "", 0))
    return found


_WIRE = {"depends_on": "dependsOn", "links": "links", "volumes_from": "volumesFrom"}


@rule(
    "dep-no-cycles",
    E,
    TD,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt="Whether RegisterTaskDefinition refuses a cycle or the task never starts is not documented.",
    summary="Containers do not wait on each other in a cycle (through dependsOn, links or volumesFrom).",
    why="The agent starts a container only after the containers it depends on (dependsOn, links and volumesFrom "
    "all order start-up); with a cycle none of them can start and the task stops.",
    fix="Remove one of the dependencies in the cycle.",
    docs=_docs.CONTAINER_DEPENDENCY,
)
def no_cycles(ctx: TaskDefContext) -> Hits:
    waiting = 0
    for c in ctx.containers:
        if c.depends_on or c.links or c.volumes_from:
            waiting += 1
    if waiting < 2:  # a cycle needs two containers that wait on another (self-references are reported elsewhere)
        return None
    cycles = _cycles(_edges(ctx))
    if not cycles:
        return None
    index = {name: i for i, name in reversed(list(enumerate(ctx.names))) if name is not None}
    hits = []
    for steps in cycles:
        chain = " -> ".join(f"{n} ({_WIRE[a]})" for n, a in steps) + f" -> {steps[0][0]}"
        first, attr = steps[0]
        hits.append(Hit(ctx.cpath(index[first], attr), f"containers wait on each other in a cycle: {chain}"))
    return hits


@rule(
    "hc-command-empty",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Task failed container health checks", code=TaskStopCode.SERVICE_SCHEDULER_INITIATED),
    doubt="Whether ECS refuses an empty command at registration is not documented.",
    summary="healthCheck.command has a command to run (after CMD or CMD-SHELL).",
    why="A health check needs a command; CMD or CMD-SHELL alone runs nothing.",
    fix='Write the command as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] or ["CMD", "prog", "arg"].',
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def command_empty(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None:
        return None
    command = hc.command
    if any(part.strip() for part in command[1:]) or (command and command[0] not in HC_PREFIXES and command[0].strip()):
        return None
    path = ctx.cpath(i, "health_check", "command")
    if command and command[0] in HC_PREFIXES:
        return [Hit(path, f"the health check command has nothing after {command[0]}")]
    return [Hit(path, "the health check command is empty")]


@rule(
    "hc-command-prefix",
    W,
    CONTAINER,
    phase=ADVICE,
    doubt="ECS registers other commands, but how it runs them is not documented.",
    summary="healthCheck.command starts with CMD or CMD-SHELL.",
    why="The API reference says the array must start with CMD (run the arguments directly) or CMD-SHELL (run them "
    "with the container's shell). ECS registers other commands, but how they run is not documented.",
    fix='Start the command with "CMD" (e.g. ["CMD", "/healthcheck"]) or "CMD-SHELL" for a shell command line.',
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def command_prefix(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None or not hc.command:
        return None
    first = hc.command[0]
    if first in HC_PREFIXES or not first.strip() or templated(first):
        return None
    if len(hc.command) == 1 and " " in first.strip():
        hint = f"write {json.dumps(['CMD-SHELL', first])}"
    else:
        hint = f"write {json.dumps(['CMD', *hc.command])}"
    return [Hit(ctx.cpath(i, "health_check", "command", 0), f"{first!r} is not CMD or CMD-SHELL", hint)]


@rule(
    "hc-cmd-exec-form",
    W,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Task failed container health checks", code=TaskStopCode.SERVICE_SCHEDULER_INITIATED),
    summary="A CMD health check does not pass a whole shell command line as one argument.",
    why='With CMD the arguments run directly, without a shell: ["CMD", "curl -f http://x || exit 1"] looks for a '
    'program literally named "curl -f http://x || exit 1", so the check always fails and the container is '
    "reported UNHEALTHY.",
    fix="Use CMD-SHELL for a shell command line, or split the command into separate CMD arguments.",
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def cmd_exec_form(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None or len(hc.command) != 2 or hc.command[0] != "CMD" or " " not in hc.command[1].strip():
        return None
    hint = f"write {json.dumps(['CMD-SHELL', hc.command[1]])}"
    message = f"{hc.command[1]!r} runs as one program name, not as a shell command line"
    return [Hit(ctx.cpath(i, "health_check", "command", 1), message, hint)]


def _range_hit(path: str, wire: str, value: int | None, bounds: tuple[int, int], *, unit: str = " seconds") -> Hits:
    low, high = bounds
    if value is None or low <= value <= high:
        return None
    hint = f"use {min(max(value, low), high)}"
    return [Hit(path, f"{wire} {value} is outside {low}-{high}{unit}", hint)]


@rule(
    "hc-interval",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="healthCheck.interval is 5-300 seconds.",
    why="The ECS API accepts an interval between 5 and 300 seconds (default 30).",
    fix="Use an interval between 5 and 300 seconds.",
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def interval(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None:
        return None
    return _range_hit(ctx.cpath(i, "health_check", "interval"), "interval", hc.interval, HC_INTERVAL)


@rule(
    "hc-timeout",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="healthCheck.timeout is 2-60 seconds.",
    why="The ECS API accepts a timeout between 2 and 60 seconds (default 5).",
    fix="Use a timeout between 2 and 60 seconds.",
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def timeout(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None:
        return None
    return _range_hit(ctx.cpath(i, "health_check", "timeout"), "timeout", hc.timeout, HC_TIMEOUT)


@rule(
    "hc-retries",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="healthCheck.retries is 1-10.",
    why="The ECS API accepts between 1 and 10 retries (default 3).",
    fix="Use 1-10 retries.",
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def retries(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None:
        return None
    return _range_hit(ctx.cpath(i, "health_check", "retries"), "retries", hc.retries, HC_RETRIES, unit="")


@rule(
    "hc-start-period",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="healthCheck.startPeriod is 0-300 seconds.",
    why="The ECS API accepts a start period between 0 and 300 seconds (off by default).",
    fix="Use a start period between 0 and 300 seconds.",
    docs=_docs.HEALTH_CHECK,
    when="health_check",
)
def start_period(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    hc = c.health_check
    if hc is None:
        return None
    return _range_hit(ctx.cpath(i, "health_check", "start_period"), "startPeriod", hc.start_period, HC_START_PERIOD)


@rule(
    "hc-nonessential-no-effect",
    INFO,
    TD,
    phase=ADVICE,
    summary="A health check on a non-essential container that no container waits on with HEALTHY.",
    why="Task health is computed from the essential containers only; a non-essential container's health check "
    "neither marks the task unhealthy nor gets it replaced.",
    fix="Make the container essential, or let another container depend on it with condition HEALTHY.",
    docs=_docs.HEALTH_CHECK,
)
def nonessential_no_effect(ctx: TaskDefContext) -> Hits:
    for c in ctx.containers:
        if c.essential is False and c.health_check is not None:
            break
    else:
        return None
    checked = [(i, c) for i, c in enumerate(ctx.containers) if c.essential is False and c.health_check is not None]
    awaited = {d.container_name for c in ctx.containers for d in c.depends_on or () if str(d.condition) == "HEALTHY"}
    hits = [
        Hit(
            ctx.cpath(i, "health_check"),
            f"non-essential container {c.name!r}: its health check does not affect the task",
        )
        for i, c in checked
        if c.name not in awaited
    ]
    return hits or None


@rule(
    "hc-classic-lb",
    W,
    SERVICE,
    phase=ADVICE,
    summary="Container health checks are not combined with a Classic Load Balancer.",
    why="Container health checks aren't supported for tasks that are part of a service configured to use a "
    "Classic Load Balancer.",
    fix="Move to an Application or Network Load Balancer target group, or rely on the load balancer's health check.",
    docs=_docs.HEALTH_CHECK,
)
def classic_lb(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    if td is None or not ctx.service.load_balancers:
        return None
    if not any(c.health_check is not None for c in td.containers):
        return None
    hits = [
        Hit(
            ctx.path("load_balancers", j, "load_balancer_name"),
            f"Classic Load Balancer {lb.load_balancer_name!r}: the task definition's container health checks are "
            "not supported with it",
        )
        for j, lb in enumerate(ctx.service.load_balancers)
        if lb.load_balancer_name
    ]
    return hits or None


def _platform_gaps(td: TaskDefContext, text: str | None) -> list[str]:
    """What the task definition uses that the pinned Fargate Linux platform version does not support."""
    version = parse_platform_version(text)
    if version is None or version >= (1, 3, 0) or td.windows:
        return []
    gaps = []
    for attr, wire, needed in PLATFORM_FEATURES:
        if version < needed and any(getattr(c, attr) for c in td.containers):
            gaps.append(f"{wire} needs platform version {'.'.join(map(str, needed))} or later")
    return gaps


@rule(
    "dep-platform-version",
    E,
    LAUNCH,
    phase=API,
    aws_code=PLATFORM_INCOMPATIBLE,
    source="https://github.com/CircleCI-Public/aws-ecs-orb/issues/121",
    aliases=("dep-platform-version-run-task",),
    summary="Fargate tasks pinned to an old Linux platform version do not run containers with dependsOn, "
    "startTimeout or stopTimeout (1.3.0+) or health checks (1.1.0+).",
    why='CreateService and RunTask fail with PlatformTaskDefinitionIncompatibilityException: "One or more of the '
    'requested capabilities are not supported."',
    fix="Use platformVersion LATEST (or 1.4.0).",
    docs=_docs.PLATFORM_VERSIONS,
    when="platform_version",
)
def platform_version(ctx: LaunchContext) -> Hits:
    version = ctx.platform_version
    if ctx.taskdef is None or not ctx.fargate or not version:
        return None
    gaps = _platform_gaps(ctx.taskdef, version)
    if not gaps:
        return None
    hint = f"platform {version}: {'; '.join(gaps)}; use platformVersion LATEST (or 1.4.0)"
    return [Hit(ctx.path("platform_version"), "One or more of the requested capabilities are not supported.", hint)]
