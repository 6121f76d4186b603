"""Rules on the task definition as a whole (RegisterTaskDefinition): family, containers, sizes, modes, roles."""

from __future__ import annotations

import json
import re

from ecskit.codec import to_api
from ecskit.placement import Reason
from ecskit.texts import ecs
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import placeholder, templated
from ecskit.validation.rules._outcomes import ADVICE, API, CLIENT, RUNTIME, not_placed
from ecskit.validation.sizes import EC2_TASK_CPU_RANGE

NAME = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")
ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}\Z")
ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}\Z")
MAX_CONTAINERS = 10
MAX_SIZE = 64 * 1024
TD = Kind.TASK_DEFINITION
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


@rule(
    "td-family-format",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="The family is 1-255 letters, digits, underscores and hyphens.",
    why="RegisterTaskDefinition rejects any other family name with a ClientException.",
    fix="Rename the family using only letters, digits, '_' and '-'.",
    docs=_docs.REGISTER_TASK_DEFINITION,
)
def family_format(ctx: TaskDefContext) -> Hits:
    family = ctx.td.family
    if NAME.match(family) or templated(family):
        return None
    return [Hit(ctx.path("family"), f"family {family!r} must be 1-255 letters, digits, '_' or '-'")]


@rule(
    "td-containers-nonempty",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/awsdocs/aws-cloudformation-user-guide/pull/454",
    summary="A task definition has at least one container.",
    why='RegisterTaskDefinition fails with "Container list cannot be empty."',
    fix="Add a container definition.",
    docs=_docs.REGISTER_TASK_DEFINITION,
)
def containers_nonempty(ctx: TaskDefContext) -> Hits:
    if ctx.containers:
        return None
    return [
        Hit(
            ctx.path("container_definitions"),
            "Container list cannot be empty.",
            "containerDefinitions is empty: add a container definition",
        )
    ]


@rule(
    "td-max-10-containers",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/amazon-ecs-cli/issues/184",
    summary="At most 10 containers per task definition (a hard quota).",
    why='RegisterTaskDefinition fails with "Too many containers."; the quota cannot be raised.',
    fix="Split the task into several task definitions or services.",
    docs=_docs.QUOTAS,
)
def max_containers(ctx: TaskDefContext) -> Hits:
    if len(ctx.containers) <= MAX_CONTAINERS:
        return None
    detail = f"{len(ctx.containers)} containers; at most 10 are allowed: split the task"
    return [Hit(ctx.path("container_definitions"), "Too many containers.", detail)]


@rule(
    "td-size-64kib",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="The task definition's JSON is at most 64 KiB.",
    why="RegisterTaskDefinition rejects larger task definitions.",
    fix="Move large environment values into environment files, SSM parameters or secrets.",
    docs=_docs.QUOTAS,
)
def size_limit(ctx: TaskDefContext) -> Hits:
    rough = sum(len(c.command or ()) + len(c.environment or ()) for c in ctx.containers)
    if rough < 200:  # far below the limit: skip serialising
        return None
    size = len(json.dumps(to_api(ctx.td), default=str))
    if size <= MAX_SIZE:
        return None
    return [Hit("", f"the task definition is {size} bytes of JSON; the limit is 65536")]


@rule(
    "td-one-essential",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/eagletmt/hako/pull/68",
    summary="At least one container is essential.",
    why='RegisterTaskDefinition fails with "Task definition doesn\'t have any essential container."',
    fix="Mark the main container essential (omit 'essential' or set it to true).",
    docs=_docs.CONTAINER_DEFINITION,
)
def one_essential(ctx: TaskDefContext) -> Hits:
    if not ctx.containers or any(c.essential is not False for c in ctx.containers):
        return None
    hint = "every container has essential=false: mark the main container essential"
    return [Hit(ctx.path("container_definitions"), "Task definition doesn't have any essential container.", hint)]


@rule(
    "td-unique-container-names",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/metaps/genova/issues/291",
    summary="Container names are unique within the task definition.",
    why='RegisterTaskDefinition fails with "Container names must be unique within a Task Definition."',
    fix="Give each container its own name.",
    docs=_docs.CONTAINER_DEFINITION,
)
def unique_names(ctx: TaskDefContext) -> Hits:
    seen: set[str] = set()
    hits = []
    for i, name in enumerate(ctx.names):
        if name is None:
            continue
        if name in seen:
            hint = f"container name {name!r} is used more than once: give each container its own name"
            hits.append(Hit(ctx.cpath(i, "name"), "Container names must be unique within a Task Definition.", hint))
        seen.add(name)
    return hits or None


@rule(
    "td-cpu-value",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/cds-snc/notification-terraform/pull/329",
    summary="Task cpu is a whole number of CPU units or a vCPU spelling ('1 vCPU'), 128-196608 outside Fargate.",
    why="RegisterTaskDefinition fails with \"Invalid 'cpu' setting for task.\"",
    fix="Write cpu as units ('1024') or as vCPU ('1 vCPU').",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="cpu",
)
def cpu_value(ctx: TaskDefContext) -> Hits:
    text = ctx.td.cpu
    if text is None:
        return None
    if ctx.cpu is None:
        hint = f"cpu {text!r} is not CPU units ('1024') or vCPU ('1 vCPU'): write e.g. '1024' or '1 vCPU'"
        return [Hit(ctx.path("cpu"), "Invalid 'cpu' setting for task.", hint)]
    low, high = EC2_TASK_CPU_RANGE
    if not ctx.fargate and not low <= ctx.cpu <= high:
        hint = f"cpu {ctx.cpu} units is outside {low}-{high} (0.125-192 vCPU)"
        return [Hit(ctx.path("cpu"), "Invalid 'cpu' setting for task.", hint)]
    return None


@rule(
    "td-memory-value",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="Task memory is a whole number of MiB or a GB spelling ('2 GB').",
    why="RegisterTaskDefinition rejects any other memory setting with a ClientException.",
    fix="Write memory as MiB ('2048') or as GB ('2 GB').",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="memory",
)
def memory_value(ctx: TaskDefContext) -> Hits:
    text = ctx.td.memory
    if text is None or (ctx.memory is not None and ctx.memory > 0):
        return None
    return [Hit(ctx.path("memory"), f"memory {text!r} is not MiB ('2048') or GB ('2 GB')")]


@rule(
    "td-container-memory-le-task",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/pulumi/pulumi-awsx/issues/188",
    summary="No container's memory is more than the task's memory.",
    why="RegisterTaskDefinition fails with \"The 'memory' setting for container '<name>' is greater than for the "
    'task."',
    fix="Lower the container's memory, or raise the task's.",
    docs=_docs.CONTAINER_DEFINITION,
    when="memory",
)
def container_memory_le_task(ctx: TaskDefContext) -> Hits:
    if ctx.memory is None:
        return None
    hits = [
        Hit(
            ctx.cpath(i, "memory"),
            f"The 'memory' setting for container '{c.name}' is greater than for the task.",
            f"container {c.name!r} has memory {c.memory} MiB, more than the task's {ctx.memory}: lower it",
        )
        for i, c in enumerate(ctx.containers)
        if c.memory is not None and c.memory > ctx.memory
    ]
    return hits or None


@rule(
    "td-reservations-le-task",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/cloudnativedaysjp/dreamkast-infra/pull/4766",
    summary="The containers' memoryReservation values add up to no more than the task's memory.",
    why="RegisterTaskDefinition fails: \"The sum of all container 'memoryReservation' values cannot be greater "
    "than the value of the task 'memory'.\"",
    fix="Lower the reservations, or raise the task's memory.",
    docs=_docs.CONTAINER_DEFINITION,
    when="memory",
)
def reservations_le_task(ctx: TaskDefContext) -> Hits:
    if ctx.memory is None:
        return None
    total = sum(c.memory_reservation or 0 for c in ctx.containers)
    if total <= ctx.memory:
        return None
    message = (
        "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'."
    )
    hint = f"the containers reserve {total} MiB, more than the task's {ctx.memory} MiB: lower them or raise the task's"
    return [Hit(ctx.path("memory"), message, hint)]


@rule(
    "td-container-cpu-le-task",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/aws-cdk/issues/24629",
    summary="The containers' cpu values add up to no more than the task's cpu.",
    why="RegisterTaskDefinition fails: \"The sum of all container 'cpu' values cannot be greater than the value "
    "of the task 'cpu'.\"",
    fix="Lower the container cpu values, or raise the task's cpu.",
    docs=_docs.CONTAINER_DEFINITION,
    when="cpu",
)
def container_cpu_le_task(ctx: TaskDefContext) -> Hits:
    if ctx.cpu is None:
        return None
    total = sum(c.cpu or 0 for c in ctx.containers)
    if total <= ctx.cpu:
        return None
    message = "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."
    hint = f"the containers ask for {total} cpu units, more than the task's {ctx.cpu}: lower them or raise the task's"
    return [Hit(ctx.path("cpu"), message, hint)]


@rule(
    "td-container-memory-required",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/sil-org/ecs-deploy/issues/59",
    summary="Without task memory, every container sets memory or memoryReservation.",
    why="RegisterTaskDefinition fails: \"Invalid setting for container '<name>'. At least one of 'memory' or "
    "'memoryReservation' must be specified.\"",
    fix="Set task-level memory, or memory/memoryReservation on each container.",
    docs=_docs.CONTAINER_DEFINITION,
)
def container_memory_required(ctx: TaskDefContext) -> Hits:
    if ctx.td.memory is not None or ctx.windows:
        return None
    hits = [
        Hit(
            ctx.cpath(i),
            ecs.CONTAINER_MEMORY_REQUIRED(name=c.name),
            f"container {c.name!r} sets neither memory nor memoryReservation, and the task has none: set one",
        )
        for i, c in enumerate(ctx.containers)
        if not c.memory and not c.memory_reservation
    ]
    return hits or None


@rule(
    "td-placement-max-10",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="At most 10 placement constraints.",
    why="A task may have at most 10 constraints, task definition and run-time ones together.",
    fix="Combine constraints with 'and' in one memberOf expression.",
    docs=_docs.PLACEMENT_CONSTRAINTS,
    when="placement_constraints",
)
def placement_max(ctx: TaskDefContext) -> Hits:
    count = len(ctx.td.placement_constraints or ())
    if count <= 10:
        return None
    return [Hit(ctx.path("placement_constraints"), f"{count} placement constraints; at most 10 are allowed")]


@rule(
    "td-pid-mode",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/aws-cdk/issues/29619",
    summary="pidMode is 'task' on Fargate, and not set for Windows.",
    why="Fargate only supports pidMode task (\"Tasks using the Fargate launch type do not support pidMode 'host'. "
    "The supported value for pidMode is 'task'.\"); Windows containers support neither value.",
    fix="Use pidMode 'task' on Fargate; remove pidMode for Windows.",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="pid_mode",
)
def pid_mode(ctx: TaskDefContext) -> Hits:
    mode = ctx.td.pid_mode
    if mode is None:
        return None
    if ctx.windows:
        return [Hit(ctx.path("pid_mode"), "pidMode is not supported for Windows containers")]
    if ctx.fargate and str(mode) == "host":
        return [Hit(ctx.path("pid_mode"), ecs.FARGATE_PID_MODE(mode=mode), "use pidMode 'task', or remove it")]
    return None


@rule(
    "td-ipc-mode",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/cn-terraform/terraform-aws-ecs-fargate/issues/2",
    summary="ipcMode is not set on Fargate or for Windows.",
    why='RegisterTaskDefinition fails: "Tasks using the Fargate launch type do not support ipcMode."',
    fix="Remove ipcMode.",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="ipc_mode",
)
def ipc_mode(ctx: TaskDefContext) -> Hits:
    if ctx.td.ipc_mode is None or not (ctx.fargate or ctx.windows):
        return None
    if ctx.fargate:
        return [Hit(ctx.path("ipc_mode"), ecs.FARGATE_IPC_MODE(), "remove ipcMode")]
    return [Hit(ctx.path("ipc_mode"), "ipcMode is not supported for Windows containers")]


@rule(
    "td-ephemeral-storage",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="ephemeralStorage.sizeInGiB is 21-200.",
    why="RegisterTaskDefinition rejects other sizes (the default without the parameter is 20 GiB).",
    fix="Use 21-200 GiB on a Fargate task definition (omit it for the 20 GiB default).",
    docs=_docs.FARGATE,
    when="ephemeral_storage",
)
def ephemeral_storage(ctx: TaskDefContext) -> Hits:
    storage = ctx.td.ephemeral_storage
    if storage is None:
        return None
    if not 21 <= storage.size_in_gib <= 200:
        return [Hit(ctx.path("ephemeral_storage", "size_in_gib"), f"sizeInGiB {storage.size_in_gib} is outside 21-200")]
    return None


@rule(
    "td-ephemeral-storage-ignored",
    W,
    TD,
    phase=ADVICE,
    summary="ephemeralStorage is set only on task definitions for Fargate.",
    why="Ephemeral storage is a Fargate setting: tasks on EC2 or external instances get the instance's storage and "
    "ignore it (split from td-ephemeral-storage, whose size limit RegisterTaskDefinition enforces).",
    fix="Remove ephemeralStorage, or add FARGATE to requiresCompatibilities.",
    docs=_docs.FARGATE,
    when="ephemeral_storage",
)
def ephemeral_storage_ignored(ctx: TaskDefContext) -> Hits:
    if ctx.td.ephemeral_storage is None or not ctx.compat or ctx.fargate:
        return None
    return [Hit(ctx.path("ephemeral_storage"), "ephemeralStorage applies only to Fargate tasks")]


@rule(
    "td-proxy-config",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="proxyConfiguration.containerName names a container of the task definition.",
    why="RegisterTaskDefinition rejects a proxy configuration for a container that does not exist.",
    fix="Set containerName to the name of the proxy (Envoy) container.",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="proxy_configuration",
)
def proxy_config(ctx: TaskDefContext) -> Hits:
    proxy = ctx.td.proxy_configuration
    if proxy is None or proxy.container_name in ctx.by_name:
        return None
    return [Hit(ctx.path("proxy_configuration", "container_name"), f"no container is named {proxy.container_name!r}")]


@rule(
    "td-inference-accelerator",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="The API still takes inferenceAccelerators; how AWS refuses a task that asks for one (or for an undeclared "
    "device) is not documented: ecskit assumes the task definition registers and its tasks are never placed.",
    summary="InferenceAccelerator resource requirements name a declared accelerator; Elastic Inference is gone.",
    why="Amazon Elastic Inference is no longer available to customers: no container instance has an accelerator "
    "to give a task that asks for one, and an undeclared device names none.",
    fix="Remove inferenceAccelerators and InferenceAccelerator requirements; use GPU instances instead.",
    docs=_docs.REGISTER_TASK_DEFINITION,
)
def inference_accelerator(ctx: TaskDefContext) -> Hits:
    accelerators = ctx.td.inference_accelerators
    if not accelerators and not any(c.resource_requirements for c in ctx.containers):
        return None
    hits = [Hit(ctx.path("inference_accelerators"), "Elastic Inference accelerators are no longer available")]
    declared = {a.device_name for a in accelerators or ()}
    if not declared:
        hits = []
    for i, c in enumerate(ctx.containers):
        for j, req in enumerate(c.resource_requirements or ()):
            if str(req.type) == "InferenceAccelerator" and req.value not in declared:
                path = ctx.cpath(i, "resource_requirements", j, "value")
                hits.append(Hit(path, f"no inference accelerator is named {req.value!r}"))
    return hits or None


@rule(
    "td-windows-x86-only",
    E,
    TD,
    phase=RUNTIME,
    effect=not_placed(Reason.ATTRIBUTE),
    doubt="Documented as Linux-only; whether registration or placement refuses it is not.",
    summary="Windows task definitions use the X86_64 CPU architecture.",
    why="ARM64 is available only for Linux; Windows tasks with ARM64 cannot run.",
    fix="Set runtimePlatform.cpuArchitecture to X86_64 (or omit it).",
    docs=_docs.REGISTER_TASK_DEFINITION,
    when="runtime_platform",
)
def windows_x86(ctx: TaskDefContext) -> Hits:
    platform = ctx.td.runtime_platform
    if not ctx.windows or platform is None or str(platform.cpu_architecture) != "ARM64":
        return None
    return [Hit(ctx.path("runtime_platform", "cpu_architecture"), "Windows tasks cannot use ARM64")]


@rule(
    "td-windows-task-size-ignored",
    W,
    TD,
    phase=ADVICE,
    summary="Task-level cpu and memory are ignored for Windows containers on EC2.",
    why="On EC2, Windows containers take their limits from the container definitions only.",
    fix="Set cpu and memory on each container instead.",
    docs=_docs.WINDOWS,
    when="runtime_platform",
)
def windows_task_size(ctx: TaskDefContext) -> Hits:
    if not ctx.windows or ctx.fargate or (ctx.td.cpu is None and ctx.td.memory is None):
        return None
    return [Hit(ctx.path("cpu" if ctx.td.cpu is not None else "memory"), "ignored for Windows containers on EC2")]


def _bad_role(value: str) -> bool:
    """A role that is neither a role ARN nor a plain role name (AWS's own examples use plain names too)."""
    if ROLE_ARN.match(value) or placeholder(value):
        return False
    return value.startswith("arn:") or not ROLE_NAME.match(value)


@rule(
    "td-role-arn-format",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="executionRoleArn and taskRoleArn are IAM role ARNs (or plain role names).",
    why="ECS cannot assume a malformed role; the execution role must be given as an ARN.",
    fix="Use arn:aws:iam::<account>:role/<name> (include the role's path).",
    docs=_docs.EXECUTION_ROLE,
)
def role_arn_format(ctx: TaskDefContext) -> Hits:
    if ctx.td.execution_role_arn is None and ctx.td.task_role_arn is None:
        return None
    hits = []
    execution = ctx.td.execution_role_arn
    if execution is not None and _bad_role(execution):
        hits.append(Hit(ctx.path("execution_role_arn"), f"{execution!r} is not an IAM role ARN"))
    task = ctx.td.task_role_arn
    if task is not None and _bad_role(task):
        hits.append(Hit(ctx.path("task_role_arn"), f"{task!r} is not an IAM role ARN"))
    return hits or None


@rule(
    "td-host-mode-root",
    W,
    TD,
    phase=ADVICE,
    summary="Containers in host network mode do not run as root.",
    why="In host mode a container shares the instance's network stack; AWS advises against running it as root.",
    fix="Set 'user' to a non-root user, or use awsvpc/bridge mode.",
    docs=_docs.NETWORKING,
)
def host_mode_root(ctx: TaskDefContext) -> Hits:
    if ctx.network_mode != "host":
        return None
    hits = [
        Hit(ctx.cpath(i, "user"), f"container {c.name!r} runs as root in host network mode")
        for i, c in enumerate(ctx.containers)
        if c.user is None or c.user.split(":")[0] in ("root", "0")
    ]
    return hits or None


@rule(
    "td-compat-unique",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    summary="requiresCompatibilities lists each value once.",
    why="The API's schema requires unique items.",
    fix="Remove the repeated value.",
    docs=_docs.REGISTER_TASK_DEFINITION,
)
def compat_unique(ctx: TaskDefContext) -> Hits:
    values = [str(c) for c in ctx.td.requires_compatibilities or ()]
    if len(values) == len(set(values)):
        return None
    return [Hit(ctx.path("requires_compatibilities"), "a compatibility is listed more than once")]
