"""Rules for task definitions that declare FARGATE: sizes, network mode, unsupported parameters."""

from __future__ import annotations

from ecskit.models.ecs import ContainerDefinition
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._outcomes import ADVICE, API, CLIENT
from ecskit.validation.sizes import FARGATE_SIZES, FARGATE_WINDOWS_CPUS, describe_size, nearest_fargate_size

TD, CONTAINER = Kind.TASK_DEFINITION, Kind.CONTAINER
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "fargate-cpu-memory-required",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/mongodb/terraform-aws-ecs-task-definition/issues/38",
    summary="A Fargate task definition sets both task-level cpu and memory.",
    why="RegisterTaskDefinition fails: \"Fargate requires that 'cpu' be defined at the task level.\" (and "
    "likewise for memory).",
    fix="Set task cpu and memory to a valid Fargate size, e.g. cpu '256' and memory '512'.",
    docs=_docs.TASK_CPU_MEMORY,
)
def cpu_memory_required(ctx: TaskDefContext) -> Hits:
    if not ctx.fargate:
        return None
    hits = []
    if ctx.td.cpu is None:
        hits.append(Hit(ctx.path("cpu"), "Fargate requires that 'cpu' be defined at the task level."))
    if ctx.td.memory is None:
        hits.append(Hit(ctx.path("memory"), "Fargate requires that 'memory' be defined at the task level."))
    return hits or None


@rule(
    "fargate-cpu-memory",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/towardsthecloud/aws-cdk-examples/issues/1",
    summary="Task cpu and memory are one of the 74 Fargate sizes (every spelling AWS accepts is read).",
    why='RegisterTaskDefinition fails: "No Fargate configuration exists for given values: 512 CPU, 512 memory." (a '
    "cpu that is no Fargate size: \"Invalid 'cpu' setting for task.\")",
    fix="Use the nearest valid Fargate size (given in the finding's fix).",
    docs=_docs.TASK_CPU_MEMORY,
)
def cpu_memory(ctx: TaskDefContext) -> Hits:
    cpu, memory = ctx.cpu, ctx.memory
    if not ctx.fargate or cpu is None or memory is None:
        return None
    if memory in FARGATE_SIZES.get(cpu, ()):
        return None
    near_cpu, near_memory = nearest_fargate_size(cpu, memory, windows=ctx.windows)
    hint = f"nearest valid Fargate size: {describe_size(near_cpu, near_memory)}"
    if cpu not in FARGATE_SIZES:
        valid = ", ".join(str(c) for c in FARGATE_SIZES)
        return [Hit(ctx.path("cpu"), "Invalid 'cpu' setting for task.", f"Fargate cpu is one of {valid}; {hint}")]
    message = f"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory."
    return [Hit(ctx.path("memory"), message, hint)]


@rule(
    "fargate-windows-sizes",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="Windows Fargate tasks use 1, 2 or 4 vCPU.",
    why="Only the 1, 2 and 4 vCPU sizes exist for Windows on Fargate.",
    fix="Use cpu 1024, 2048 or 4096 with a memory valid for it.",
    docs=_docs.FARGATE,
    when="runtime_platform",
)
def windows_sizes(ctx: TaskDefContext) -> Hits:
    if not (ctx.fargate and ctx.windows) or ctx.cpu is None or ctx.cpu in FARGATE_WINDOWS_CPUS:
        return None
    return [Hit(ctx.path("cpu"), f"cpu {ctx.cpu} is not available for Windows on Fargate (1024, 2048 or 4096)")]


@rule(
    "fargate-awsvpc",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/amazon-ecs-cli/issues/1145",
    summary="Fargate task definitions use the awsvpc network mode.",
    why="RegisterTaskDefinition fails: \"Fargate only supports network mode 'awsvpc'.\"",
    fix="Set networkMode to 'awsvpc'.",
    docs=_docs.FARGATE,
)
def awsvpc(ctx: TaskDefContext) -> Hits:
    if not ctx.fargate or ctx.network_mode == "awsvpc":
        return None
    shown = ctx.network_mode or "absent (bridge)"
    hint = f"networkMode is {shown}: set it to awsvpc"
    return [Hit(ctx.path("network_mode"), "Fargate only supports network mode 'awsvpc'.", hint)]


_UNSUPPORTED_CONTAINER = (
    ("disable_networking", "disableNetworking"),
    ("dns_search_domains", "dnsSearchDomains"),
    ("dns_servers", "dnsServers"),
    ("docker_security_options", "dockerSecurityOptions"),
    ("extra_hosts", "extraHosts"),
    ("links", "links"),
    ("privileged", "privileged"),
)


@rule(
    "fargate-unsupported-container-params",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="Fargate containers do not set disableNetworking, dnsSearchDomains, dnsServers, "
    "dockerSecurityOptions, extraHosts, links or privileged.",
    why="RegisterTaskDefinition rejects these parameters when FARGATE is among the compatibilities, one at a time "
    "(https://github.com/boto/boto3/issues/3283); no public copy of the texts was found.",
    fix="Remove the parameter (Fargate gives every task its own network stack and no privileged mode).",
    docs=_docs.FARGATE,
)
def unsupported_container_params(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not ctx.fargate:
        return None
    hits = []
    for attr, wire in _UNSUPPORTED_CONTAINER:
        value = getattr(c, attr)
        if value is not None and value is not False and value != ():
            hits.append(Hit(ctx.cpath(i, attr), f"{wire} is not supported on Fargate"))
    return hits or None


@rule(
    "fargate-no-placement-constraints",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="Fargate task definitions have no placement constraints.",
    why="Placement constraints are not supported for Fargate tasks.",
    fix="Remove placementConstraints (Fargate places tasks itself).",
    docs=_docs.FARGATE,
    when="placement_constraints",
)
def no_placement_constraints(ctx: TaskDefContext) -> Hits:
    if not ctx.fargate or not ctx.td.placement_constraints:
        return None
    return [Hit(ctx.path("placement_constraints"), "placement constraints are not supported on Fargate")]


@rule(
    "fargate-large-sizes-linux",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="8 and 16 vCPU Fargate sizes are for Linux tasks only.",
    why="Windows Fargate tasks top out at 4 vCPU.",
    fix="Use 4 vCPU or less for Windows, or run the task on Linux.",
    docs=_docs.TASK_CPU_MEMORY,
    when="runtime_platform",
)
def large_sizes_linux(ctx: TaskDefContext) -> Hits:
    if not (ctx.fargate and ctx.windows) or ctx.cpu not in (8192, 16384):
        return None
    return [Hit(ctx.path("cpu"), f"cpu {ctx.cpu} is Linux-only on Fargate")]


@rule(
    "fargate-gpu",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="Fargate containers do not request GPUs.",
    why="GPUs are not available on Fargate; RegisterTaskDefinition rejects the requirement.",
    fix="Run GPU workloads on EC2 GPU instances (g4dn, g5, p3, ...).",
    docs=_docs.FARGATE,
    when="resource_requirements",
)
def gpu(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not ctx.fargate:
        return None
    hits = [
        Hit(ctx.cpath(i, "resource_requirements", j), "GPU is not supported on Fargate")
        for j, req in enumerate(c.resource_requirements or ())
        if str(req.type) == "GPU"
    ]
    return hits or None


@rule(
    "fargate-validated-only-if-declared",
    W,
    TD,
    phase=ADVICE,
    summary="An awsvpc task definition with a valid Fargate size that does not declare FARGATE.",
    why="ECS validates a task definition only against the compatibilities it lists: launching it on Fargate "
    'later fails with "Task definition does not support launch_type FARGATE."',
    fix="Add FARGATE to requiresCompatibilities if the task is meant to run on Fargate.",
    docs=_docs.REGISTER_TASK_DEFINITION,
)
def validated_only_if_declared(ctx: TaskDefContext) -> Hits:
    if ctx.compat or not ctx.awsvpc or ctx.cpu is None or ctx.memory is None:
        return None
    if ctx.memory not in FARGATE_SIZES.get(ctx.cpu, ()):
        return None
    return [Hit(ctx.path("requires_compatibilities"), "looks like a Fargate task but does not declare FARGATE")]
