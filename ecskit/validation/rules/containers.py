"""Rules on container definitions' general fields: name, image, sizes, networking fields, security settings,
ulimits, timeouts, system controls, environment and volumesFrom."""

from __future__ import annotations

import re

from ecskit._text import whole
from ecskit.models.ecs import ContainerDefinition
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import templated
from ecskit.validation.rules._outcomes import (
    ADVICE,
    API,
    CLIENT,
    DOUBT_REGISTERS,
    RUNTIME,
    cannot_create,
    cannot_pull,
    cannot_start,
    resource_init,
    stopped,
)

TD, CONTAINER = Kind.TASK_DEFINITION, Kind.CONTAINER
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None

NAME = re.compile(r"[A-Za-z0-9_-]{1,255}\Z")
IMAGE_CHARS = re.compile(r"[A-Za-z0-9_.:/#-]+\Z")
#: A plain (tag-form) image reference that needs no further look: allowed characters, at most 255, no empty part
#: at either end.
IMAGE_PLAIN = re.compile(r"(?![:/])[A-Za-z0-9_.:/#-]{1,255}(?<![:/])\Z")
IMAGE_DIGEST = re.compile(r"sha256:[A-Fa-f0-9]{64}\Z")
USER_PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]*\$?"
USER = re.compile(rf"{USER_PART}(?::{USER_PART})?\Z")
CREDENTIAL_SPEC = re.compile(r"credentialspec(?:domainless)?:arn:aws[a-z-]*:(?:ssm|s3):")
SECRET_SUFFIXES = ("PASSWORD", "PASSWD", "SECRET", "KEY", "TOKEN")
SECRET_NAME = re.compile(
    r"(?:\A|_)(?:PASSWORD|PASSWD|SECRET|SECRET_KEY|SECRET_ACCESS_KEY|PRIVATE_KEY|API_KEY|APIKEY|TOKEN)\Z", re.IGNORECASE
)
AWS_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
MIN_MEMORY = 6
MAX_CPU_SHARES = 262144
FARGATE_TIMEOUT = (2, 120)
MAX_IGNORED_EXIT_CODES = 50
RESTART_PERIOD = (60, 1800)
MAX_CREDENTIAL_SPECS = 1
SECURITY_OPTIONS = frozenset({"apparmor", "label", "credentialspec"})
#: Sysctls in the IPC namespace (besides fs.mqueue.*), as runc allows them.
IPC_SYSCTLS = frozenset(
    {
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
    }
)
#: Values of variables with secret-like names that are not secrets themselves (flags, references, paths).
NOT_SECRET_VALUES = frozenset(
    {"true", "false", "yes", "no", "none", "null", "0", "1", "on", "off", "enabled", "disabled"}
)
NOT_SECRET_PREFIXES = ("arn:", "/", "file:", "ssm:", "secretsmanager:", "s3://", "http://", "https://")


@rule(
    "container-name-format",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/awsdocs/aws-cloudformation-user-guide/pull/612",
    summary="Each container has a name of 1-255 letters, digits, underscores and hyphens.",
    why='RegisterTaskDefinition fails with "Container.name should not be null or empty." or "Container.name '
    'contains invalid characters."',
    fix="Name the container using only letters, digits, '_' and '-'.",
    docs=_docs.CONTAINER_DEFINITION,
)
def name_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    name = c.name
    if name and NAME.match(name):
        return None
    if not name:
        return [Hit(ctx.cpath(i, "name"), "Container.name should not be null or empty.", "name the container")]
    if templated(name):
        return None
    hint = f"container name {name!r} must be 1-255 letters, digits, '_' or '-'"
    if len(name) > 255 and NAME.match(name[:255]):
        return [Hit(ctx.cpath(i, "name"), hint)]  # no public copy of AWS's text for a long name
    return [Hit(ctx.cpath(i, "name"), "Container.name contains invalid characters.", hint)]


@rule(
    "container-image-required",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/convox/praxis/issues/121",
    summary="Each container names an image.",
    why="RegisterTaskDefinition rejects a container definition without an image.",
    fix="Set 'image' to the repository and tag (or digest) to run.",
    docs=_docs.CONTAINER_DEFINITION,
)
def image_required(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if c.image and c.image.strip():
        return None
    return [
        Hit(
            ctx.cpath(i, "image"),
            "Container.image should not be null or empty.",
            f"container {c.name!r} has no image: set one",
        )
    ]


@rule(
    "container-image-format",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_pull("invalid reference format"),
    doubt="ECS may refuse some malformed references at registration; ecskit assumes they register and fail to pull.",
    summary="The image reference uses the allowed characters and length, and a digest is sha256 with 64 hex digits.",
    why="Image references are up to 255 letters, digits, '-', '_', ':', '.', '/' and '#' (before any '@'); the "
    "only digest is sha256:<64 hex>. Docker cannot pull anything else: the task stops with "
    "CannotPullContainerError.",
    fix="Write the image as repository[:tag] or repository@sha256:<64 hex digits>.",
    docs=_docs.CONTAINER_DEFINITION,
)
def image_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    image = c.image
    if not image or IMAGE_PLAIN.match(image):
        return None
    if not image.strip() or templated(image):
        return None
    repository, at, digest = image.partition("@")
    path = ctx.cpath(i, "image")
    if not IMAGE_CHARS.match(repository):
        bad = sorted({ch for ch in repository if not IMAGE_CHARS.match(ch)})
        return [Hit(path, f"image {image!r} contains characters that are not allowed: {''.join(bad)!r}")]
    if len(repository) > 255:
        return [Hit(path, f"the image name is {len(repository)} characters; at most 255 are allowed")]
    if at and not IMAGE_DIGEST.match(digest):
        return [Hit(path, f"image digest {digest!r} is not sha256: followed by 64 hex digits")]
    if repository.endswith((":", "/")) or repository.startswith((":", "/")):
        return [Hit(path, f"image {image!r} has an empty repository name or tag")]
    return None


@rule(
    "container-memory-ge-reservation",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="When a container sets both, memory is at least memoryReservation.",
    why="The hard limit (memory) must not be lower than the soft limit (memoryReservation); RegisterTaskDefinition "
    "rejects such a container.",
    fix="Raise memory or lower memoryReservation.",
    docs=_docs.CONTAINER_DEFINITION,
    when="memory_reservation",
)
def memory_ge_reservation(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    memory, reservation = c.memory, c.memory_reservation
    if memory is None or reservation is None or memory >= reservation:
        return None
    message = f"memory {memory} MiB is less than memoryReservation {reservation} MiB"
    return [Hit(ctx.cpath(i, "memory"), message, f"set memory to at least {reservation}")]


@rule(
    "container-memory-minimum",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_create("Minimum memory limit allowed is 6MB"),
    doubt="ECS may refuse the smallest values at registration; ecskit assumes Docker refuses the container.",
    summary="Container memory and memoryReservation are at least 6 MiB.",
    why="Docker 20.10 and later reserves at least 6 MiB per container (4 MiB before); a smaller limit makes the "
    "container fail to start.",
    fix="Give the container at least 6 MiB (realistically much more).",
    docs=_docs.CONTAINER_DEFINITION,
)
def memory_minimum(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    memory, reservation = c.memory, c.memory_reservation
    if (memory is None or memory >= MIN_MEMORY) and (reservation is None or reservation >= MIN_MEMORY):
        return None
    hits = []
    for attr, wire, value in (("memory", "memory", memory), ("memory_reservation", "memoryReservation", reservation)):
        if value is not None and value < MIN_MEMORY and value != 0:
            hits.append(Hit(ctx.cpath(i, attr), f"{wire} {value} MiB is below Docker's 6 MiB minimum"))
    return hits or None


@rule(
    "container-cpu-range",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="Linux container cpu is between 0 and 262144 units.",
    why="The Linux kernel accepts CPU shares up to 262144; the agent (1.84.0+) passes larger values as 262144 "
    "(256 vCPU), so the setting is silently capped.",
    fix="Use at most 262144 cpu units.",
    docs=_docs.CONTAINER_DEFINITION,
    when="cpu",
)
def cpu_range(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    cpu = c.cpu
    if cpu is None or 0 <= cpu <= MAX_CPU_SHARES or ctx.windows:
        return None
    return [Hit(ctx.cpath(i, "cpu"), f"cpu {cpu} is outside the 0-262144 shares the kernel accepts")]


@rule(
    "container-links-bridge-only",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws-observability/aws-otel-collector/issues/1359",
    summary="links are used only in bridge network mode on Linux.",
    why='RegisterTaskDefinition fails with "Links are not supported when networkMode=awsvpc."; links are only '
    "supported in bridge mode and not for Windows containers.",
    fix="Remove links; in awsvpc mode containers reach each other on localhost.",
    docs=_docs.CONTAINER_DEFINITION,
    when="links",
)
def links_bridge_only(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.links or ctx.fargate:  # Fargate: fargate-unsupported-container-params
        return None
    if ctx.windows:
        return [Hit(ctx.cpath(i, "links"), "links are not supported for Windows containers")]
    mode = ctx.effective_network_mode
    if mode == "bridge":
        return None
    return [Hit(ctx.cpath(i, "links"), f"Links are not supported when networkMode={mode}.", "remove links")]


@rule(
    "container-links-target",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt=DOUBT_REGISTERS,
    summary="Each link is name[:alias] and names another container of the task definition.",
    why="The agent starts a linked container first; a link to a container that does not exist can never be "
    "resolved, so the task cannot start.",
    fix="Link to the name of another container in this task definition.",
    docs=_docs.CONTAINER_DEFINITION,
    when="links",
)
def links_target(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.links or ctx.fargate or ctx.windows or ctx.effective_network_mode != "bridge":
        return None
    hits = []
    for j, link in enumerate(c.links):
        if templated(link):
            continue
        name, _, alias = link.partition(":")
        path = ctx.cpath(i, "links", j)
        if not NAME.match(name) or (alias and not NAME.match(alias)):
            hits.append(Hit(path, f"link {link!r} is not name[:alias] of letters, digits, '_' or '-'"))
        elif name == c.name:
            hits.append(Hit(path, f"container {c.name!r} links to itself"))
        elif name not in ctx.by_name:
            hits.append(Hit(path, f"link {link!r} names no container of this task definition"))
    return hits or None


@rule(
    "container-hostname-awsvpc",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/labd/ecs-deplojo/issues/26",
    summary="hostname is not set in awsvpc network mode.",
    why='RegisterTaskDefinition fails with "hostname is not supported on container when networkMode=awsvpc."',
    fix="Remove hostname (in awsvpc mode the task's ENI gives the hostname).",
    docs=_docs.CONTAINER_DEFINITION,
    when="hostname",
)
def hostname_awsvpc(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.hostname or not ctx.awsvpc:
        return None
    return [
        Hit(
            ctx.cpath(i, "hostname"),
            "hostname is not supported on container when networkMode=awsvpc.",
            "remove hostname",
        )
    ]


@rule(
    "container-extra-hosts-awsvpc",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="extraHosts is not set in awsvpc network mode.",
    why="extraHosts is not supported for tasks that use the awsvpc network mode.",
    fix="Remove extraHosts; use DNS (e.g. a Route 53 private zone or Service Connect) instead.",
    docs=_docs.CONTAINER_DEFINITION,
    when="extra_hosts",
)
def extra_hosts_awsvpc(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.extra_hosts or not ctx.awsvpc or ctx.fargate:  # Fargate: fargate-unsupported-container-params
        return None
    return [Hit(ctx.cpath(i, "extra_hosts"), "extraHosts is not supported when networkMode=awsvpc")]


# (attribute, wire name, also reported by fargate-unsupported-container-params)
_NOT_WINDOWS = (
    ("disable_networking", "disableNetworking", True),
    ("dns_servers", "dnsServers", True),
    ("dns_search_domains", "dnsSearchDomains", True),
    ("extra_hosts", "extraHosts", True),
    ("privileged", "privileged", True),
    ("readonly_root_filesystem", "readonlyRootFilesystem", False),
    ("ulimits", "ulimits", False),
    ("system_controls", "systemControls", False),
)


@rule(
    "container-windows-unsupported",
    W,
    CONTAINER,
    phase=ADVICE,
    doubt="Whether ECS refuses these for Windows containers or ignores them is not documented.",
    summary="Windows containers do not set disableNetworking, dnsServers, dnsSearchDomains, extraHosts, "
    "privileged, readonlyRootFilesystem, ulimits or systemControls.",
    why="The ECS API reference marks each of these parameters as not supported for Windows containers.",
    fix="Remove the parameter from the Windows container definition.",
    docs=_docs.WINDOWS,
)
def windows_unsupported(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not ctx.windows:
        return None
    hits = []
    for attr, wire, fargate_rule in _NOT_WINDOWS:
        value = getattr(c, attr)
        if value is None or value is False or value == () or (fargate_rule and ctx.fargate):
            continue
        hits.append(Hit(ctx.cpath(i, attr), f"{wire} is not supported for Windows containers"))
    return hits or None


@rule(
    "container-privileged",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="Containers do not run privileged.",
    why="A privileged container gets root-like access to the host instance; AWS Security Hub control ECS.4 flags it.",
    fix="Set privileged to false and add only the Linux capabilities the container needs.",
    docs=_docs.SECURITY_HUB_ECS,
    when="privileged",
)
def privileged(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if c.privileged is not True or ctx.fargate or ctx.windows:  # reported by the Fargate and Windows rules
        return None
    return [Hit(ctx.cpath(i, "privileged"), f"container {c.name!r} runs privileged")]


@rule(
    "container-security-options-format",
    W,
    CONTAINER,
    phase=ADVICE,
    doubt="What ECS or Docker does with other values is not documented.",
    summary="dockerSecurityOptions entries are no-new-privileges, apparmor:PROFILE, label:value or "
    "credentialspec:PATH.",
    why="These are the only values the ECS API documents for dockerSecurityOptions.",
    fix="Use one of the documented forms (note the ':' separator).",
    docs=_docs.CONTAINER_DEFINITION,
    when="docker_security_options",
)
def security_options_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    options = c.docker_security_options
    if not options or ctx.fargate:  # Fargate: fargate-unsupported-container-params
        return None
    hits = []
    for j, option in enumerate(options):
        if option == "no-new-privileges" or templated(option):
            continue
        key, sep, value = option.partition(":")
        if sep and value and key in SECURITY_OPTIONS:
            continue
        hits.append(Hit(ctx.cpath(i, "docker_security_options", j), f"{option!r} is not a documented security option"))
    return hits or None


@rule(
    "container-user-format",
    W,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start("unable to find user: no matching entries in passwd file"),
    doubt="How Docker reads other forms depends on the image.",
    summary="user is user, uid, user:group, uid:gid, user:gid or uid:group, with positive ids.",
    why="These are the forms the ECS API documents; Docker cannot resolve anything else and the container fails to "
    "start.",
    fix="Write user as 'name', 'uid', 'name:group' or 'uid:gid'.",
    docs=_docs.CONTAINER_DEFINITION,
    when="user",
)
def user_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    user = c.user
    if not user or ctx.windows or USER.match(user) or templated(user):
        return None
    return [Hit(ctx.cpath(i, "user"), f"user {user!r} is not user[:group] or uid[:gid]")]


@rule(
    "container-ulimit-soft-le-hard",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start(
        "failed to create shim task: OCI runtime create failed: error setting rlimits for ready process: "
        "invalid argument"
    ),
    summary="Each ulimit's softLimit is at most its hardLimit.",
    why="The kernel refuses a soft limit above the hard limit: the container runtime cannot start the container and "
    "the task stops (RegisterTaskDefinition does not check it).",
    fix="Lower softLimit or raise hardLimit (-1 means unlimited).",
    docs=_docs.CONTAINER_DEFINITION,
    when="ulimits",
)
def ulimit_soft_le_hard(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.ulimits:
        return None
    hits = []
    for j, limit in enumerate(c.ulimits):
        soft = float("inf") if limit.soft_limit == -1 else limit.soft_limit
        hard = float("inf") if limit.hard_limit == -1 else limit.hard_limit
        if soft > hard:
            message = f"ulimit {limit.name} has softLimit {limit.soft_limit} above hardLimit {limit.hard_limit}"
            hits.append(Hit(ctx.cpath(i, "ulimits", j, "soft_limit"), message))
    return hits or None


@rule(
    "container-credential-specs",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=resource_init("unable to retrieve the credential spec"),
    doubt=DOUBT_REGISTERS,
    summary="credentialSpecs has at most one entry, credentialspec:ARN or credentialspecdomainless:ARN (SSM or S3).",
    why="The ECS API allows one credential spec, given as an ARN in SSM Parameter Store or Amazon S3 behind one of "
    "the two prefixes.",
    fix="Use one entry such as 'credentialspecdomainless:arn:aws:ssm:<region>:<account>:parameter/<name>'.",
    docs=_docs.CONTAINER_DEFINITION,
    when="credential_specs",
)
def credential_specs(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    specs = c.credential_specs
    if not specs:
        return None
    hits = []
    if len(specs) > MAX_CREDENTIAL_SPECS:
        hits.append(Hit(ctx.cpath(i, "credential_specs"), f"{len(specs)} credential specs; at most 1 is allowed"))
    for j, spec in enumerate(specs):
        if not CREDENTIAL_SPEC.match(spec) and not templated(spec):
            message = f"{spec!r} is not credentialspec:<ARN> or credentialspecdomainless:<ARN> of SSM or S3"
            hits.append(Hit(ctx.cpath(i, "credential_specs", j), message))
    return hits or None


@rule(
    "container-gpu-count",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt=DOUBT_REGISTERS,
    summary="A GPU resource requirement is a whole number of GPUs, at least 1.",
    why="For type GPU the value is the number of physical GPUs reserved for the container.",
    fix="Set the GPU requirement's value to a positive integer such as '1'.",
    docs=_docs.CONTAINER_DEFINITION,
    when="resource_requirements",
)
def gpu_count(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.resource_requirements:
        return None
    hits = []
    for j, req in enumerate(c.resource_requirements):
        value = req.value
        count = whole(value)
        if str(req.type) != "GPU" or templated(value) or (count is not None and count >= 1):
            continue
        hits.append(Hit(ctx.cpath(i, "resource_requirements", j, "value"), f"GPU count {value!r} is not 1 or more"))
    return hits or None


@rule(
    "container-restart-policy",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="restartPolicy has at most 50 ignoredExitCodes and a restartAttemptPeriod of 60-1800 seconds, and is "
    "not used by Windows containers on Fargate.",
    why="RegisterTaskDefinition rejects other values; restart policies are not supported for Windows containers "
    "on Fargate.",
    fix="Keep ignoredExitCodes to 50 entries and restartAttemptPeriod within 60-1800 (default 300).",
    docs=_docs.RESTART_POLICY,
    when="restart_policy",
)
def restart_policy(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    policy = c.restart_policy
    if policy is None:
        return None
    hits = []
    codes = policy.ignored_exit_codes or ()
    if len(codes) > MAX_IGNORED_EXIT_CODES:
        path = ctx.cpath(i, "restart_policy", "ignored_exit_codes")
        hits.append(Hit(path, f"{len(codes)} ignored exit codes; at most 50 are allowed"))
    period = policy.restart_attempt_period
    low, high = RESTART_PERIOD
    if period is not None and not low <= period <= high:
        path = ctx.cpath(i, "restart_policy", "restart_attempt_period")
        hits.append(Hit(path, f"restartAttemptPeriod {period} is outside {low}-{high} seconds"))
    if policy.enabled and ctx.windows and ctx.fargate:
        hits.append(Hit(ctx.cpath(i, "restart_policy"), "restart policies are not supported for Windows on Fargate"))
    return hits or None


@rule(
    "container-timeouts-fargate",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="On Fargate, startTimeout and stopTimeout are 2-120 seconds.",
    why="The valid values for Fargate are 2-120 seconds; the maximum stop timeout on Fargate is 120 seconds.",
    fix="Use a timeout between 2 and 120 seconds.",
    docs=_docs.CONTAINER_DEFINITION,
)
def timeouts_fargate(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not ctx.fargate or (c.start_timeout is None and c.stop_timeout is None):
        return None
    low, high = FARGATE_TIMEOUT
    hits = []
    for attr, wire in (("start_timeout", "startTimeout"), ("stop_timeout", "stopTimeout")):
        value = getattr(c, attr)
        if value is not None and not low <= value <= high:
            hint = f"use {min(max(value, low), high)}"
            hits.append(Hit(ctx.cpath(i, attr), f"{wire} {value} is outside 2-120 seconds on Fargate", hint))
    return hits or None


def _sysctl(namespace: str) -> str:
    return namespace.strip().replace("/", ".")


def _ipc_sysctl(key: str) -> bool:
    return key in IPC_SYSCTLS or key.startswith("fs.mqueue.")


@rule(
    "container-system-controls",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_start(
        "failed to create shim task: OCI runtime create failed: sysctl is not in a separate kernel namespace"
    ),
    doubt=DOUBT_REGISTERS,
    summary="systemControls set only namespaced sysctls (IPC ones and net.*), no net.* in host network mode and "
    "no IPC sysctl with ipcMode host.",
    why='Docker\'s runtime refuses other sysctls ("sysctl ... is not in a separate kernel namespace"), net.* in '
    "the host network namespace and IPC sysctls in the host IPC namespace: the container cannot start.",
    fix="Set only kernel.msg*/sem/shm*, fs.mqueue.* or net.* sysctls, in a mode that gives the container its own "
    "namespace; tune other kernel settings on the instance.",
    docs=_docs.SYSTEM_CONTROL,
    when="system_controls",
)
def system_controls(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    controls = c.system_controls
    if not controls or ctx.windows:  # Windows: container-windows-unsupported
        return None
    host_network = ctx.effective_network_mode == "host"
    host_ipc = ctx.td.ipc_mode is not None and str(ctx.td.ipc_mode) == "host"
    hits = []
    for j, control in enumerate(controls):
        if not control.namespace or templated(control.namespace):
            continue
        key = _sysctl(control.namespace)
        path = ctx.cpath(i, "system_controls", j, "namespace")
        if key.startswith("net."):
            if host_network:
                hits.append(Hit(path, f"sysctl {key!r} is not allowed in the host network namespace"))
        elif _ipc_sysctl(key):
            if host_ipc:
                hits.append(Hit(path, f"sysctl {key!r} is not allowed with ipcMode host"))
        elif key != "kernel.domainname":
            hits.append(Hit(path, f"sysctl {key!r} is not in a separate kernel namespace"))
    return hits or None


@rule(
    "container-system-controls-conflict",
    W,
    TD,
    phase=ADVICE,
    summary="Containers sharing a network (awsvpc) or IPC (ipcMode task) namespace do not set the same sysctl to "
    "different values.",
    why="In awsvpc mode network systemControls apply to the whole task, and with ipcMode task IPC ones do too: the "
    "container started last decides which value takes effect.",
    fix="Set each task-wide sysctl on one container only, or to the same value everywhere.",
    docs=_docs.SYSTEM_CONTROL,
)
def system_controls_conflict(ctx: TaskDefContext) -> Hits:
    count = 0
    for c in ctx.containers:
        if c.system_controls:
            count += 1
    if count < 2:
        return None
    users = [(i, c) for i, c in enumerate(ctx.containers) if c.system_controls]
    shared_ipc = ctx.td.ipc_mode is not None and str(ctx.td.ipc_mode) == "task"
    if not (ctx.awsvpc or shared_ipc):
        return None
    seen: dict[str, tuple[str | None, str | None]] = {}
    hits = []
    for i, c in users:
        for j, control in enumerate(c.system_controls or ()):
            if not control.namespace:
                continue
            key = _sysctl(control.namespace)
            if not ((ctx.awsvpc and key.startswith("net.")) or (shared_ipc and _ipc_sysctl(key))):
                continue
            first = seen.setdefault(key, (c.name, control.value))
            if first[0] != c.name and first[1] != control.value:
                message = (
                    f"container {c.name!r} sets {key} to {control.value!r} but container {first[0]!r} sets it to "
                    f"{first[1]!r}; the value applies task-wide"
                )
                hits.append(Hit(ctx.cpath(i, "system_controls", j, "value"), message))
    return hits or None


@rule(
    "container-env-unique-names",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="A container's environment names each variable once.",
    why="Which of two values a repeated variable gets is not specified by ECS; CloudFormation rejects repeated names.",
    fix="Remove the repeated variable.",
    docs=_docs.CONTAINER_DEFINITION,
    when="environment",
)
def env_unique_names(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    env = c.environment
    if not env or len(env) < 2:
        return None
    seen: set[str] = set()
    hits = []
    for j, pair in enumerate(env):
        name = pair.name
        if name is None:
            continue
        if name in seen:
            hits.append(Hit(ctx.cpath(i, "environment", j, "name"), f"variable {name!r} is set more than once"))
        seen.add(name)
    return hits or None


def _looks_secret(name: str, value: str) -> bool:
    if ("AKIA" in value or "ASIA" in value) and AWS_ACCESS_KEY_ID.search(value):
        return True
    if len(value) < 4 or not name.upper().endswith(SECRET_SUFFIXES) or not SECRET_NAME.search(name):
        return False
    if templated(value):
        return False
    return value.lower() not in NOT_SECRET_VALUES and not value.startswith(NOT_SECRET_PREFIXES)


@rule(
    "container-env-plaintext-secret",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="No credential is written in plain text in a container's environment.",
    why="AWS recommends against plaintext environment variables for sensitive data: they are readable by anyone "
    "who can describe the task definition.",
    fix="Store the value in Secrets Manager or SSM Parameter Store and reference it from 'secrets'.",
    docs=_docs.SECRETS,
    when="environment",
)
def env_plaintext_secret(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.environment:
        return None
    hits = [
        Hit(
            ctx.cpath(i, "environment", j, "value"),
            f"variable {pair.name!r} holds what looks like a plaintext credential",
            f"move {pair.name!r} to 'secrets' (valueFrom a Secrets Manager or SSM ARN)",
        )
        for j, pair in enumerate(c.environment)
        if pair.value and pair.name and _looks_secret(pair.name, pair.value)
    ]
    return hits or None


@rule(
    "container-volumes-from-source",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt=DOUBT_REGISTERS,
    summary="volumesFrom names another container of the same task definition.",
    why="sourceContainer must be another container within the same task definition; the agent cannot mount "
    "volumes from a container that does not exist, so the task cannot start.",
    fix="Set sourceContainer to the name of another container in this task definition.",
    docs=_docs.CONTAINER_DEFINITION,
    when="volumes_from",
)
def volumes_from_source(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.volumes_from:
        return None
    hits = []
    for j, source in enumerate(c.volumes_from):
        name = source.source_container
        path = ctx.cpath(i, "volumes_from", j, "source_container")
        if not name:
            hits.append(Hit(path, "volumesFrom has no sourceContainer"))
        elif name == c.name:
            hits.append(Hit(path, f"container {c.name!r} mounts volumes from itself"))
        elif name not in ctx.by_name and not templated(name):
            hits.append(Hit(path, f"no container is named {name!r}"))
    return hits or None
