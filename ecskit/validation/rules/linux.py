"""Rules on linuxParameters: Windows, kernel capabilities, Fargate restrictions, swap, tmpfs."""

from __future__ import annotations

from ecskit.models.ecs import ContainerDefinition
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import templated
from ecskit.validation.rules._outcomes import ADVICE, API, CLIENT, DOUBT_REGISTERS, RUNTIME, cannot_create

CONTAINER = Kind.CONTAINER
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None

#: The capability names the ECS API documents, plus newer kernel ones Docker also knows.
CAPABILITIES = frozenset(
    {
        "ALL",
        "AUDIT_CONTROL",
        "AUDIT_READ",
        "AUDIT_WRITE",
        "BLOCK_SUSPEND",
        "BPF",
        "CHECKPOINT_RESTORE",
        "CHOWN",
        "DAC_OVERRIDE",
        "DAC_READ_SEARCH",
        "FOWNER",
        "FSETID",
        "IPC_LOCK",
        "IPC_OWNER",
        "KILL",
        "LEASE",
        "LINUX_IMMUTABLE",
        "MAC_ADMIN",
        "MAC_OVERRIDE",
        "MKNOD",
        "NET_ADMIN",
        "NET_BIND_SERVICE",
        "NET_BROADCAST",
        "NET_RAW",
        "PERFMON",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_ADMIN",
        "SYS_BOOT",
        "SYS_CHROOT",
        "SYS_MODULE",
        "SYS_NICE",
        "SYS_PACCT",
        "SYS_PTRACE",
        "SYS_RAWIO",
        "SYS_RESOURCE",
        "SYS_TIME",
        "SYS_TTY_CONFIG",
        "SYSLOG",
        "WAKE_ALARM",
    }
)
FARGATE_CAPABILITIES = frozenset({"SYS_PTRACE"})
TMPFS_OPTIONS = frozenset(
    {
        "defaults",
        "ro",
        "rw",
        "suid",
        "nosuid",
        "dev",
        "nodev",
        "exec",
        "noexec",
        "sync",
        "async",
        "dirsync",
        "remount",
        "mand",
        "nomand",
        "atime",
        "noatime",
        "diratime",
        "nodiratime",
        "bind",
        "rbind",
        "unbindable",
        "runbindable",
        "private",
        "rprivate",
        "shared",
        "rshared",
        "slave",
        "rslave",
        "relatime",
        "norelatime",
        "strictatime",
        "nostrictatime",
        "mode",
        "uid",
        "gid",
        "nr_inodes",
        "nr_blocks",
        "mpol",
    }
)
SWAPPINESS = (0, 100)


def capability(name: str) -> str:
    """A capability name as Docker reads it: upper case, without the CAP_ prefix."""
    name = name.strip().upper()
    return name[4:] if name.startswith("CAP_") else name


@rule(
    "linux-not-windows",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="Windows containers do not set linuxParameters.",
    why="linuxParameters is not supported for Windows containers.",
    fix="Remove linuxParameters from the Windows container definition.",
    docs=_docs.LINUX_PARAMETERS,
    when="linux_parameters",
)
def not_windows(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if c.linux_parameters is None or not ctx.windows:
        return None
    return [Hit(ctx.cpath(i, "linux_parameters"), "linuxParameters is not supported for Windows containers")]


@rule(
    "linux-capability-names",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_create("invalid CapAdd: unknown capability"),
    doubt="ECS may refuse unknown names at registration; ecskit assumes Docker refuses the container.",
    summary="capabilities.add and drop list Linux capability names (ALL, AUDIT_CONTROL ... WAKE_ALARM).",
    why="Only Linux capability names are valid; Docker cannot create a container with an unknown capability.",
    fix="Use the capability's name without the CAP_ prefix, e.g. SYS_PTRACE or NET_ADMIN.",
    docs=_docs.KERNEL_CAPABILITIES,
    when="linux_parameters",
)
def capability_names(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if params is None or params.capabilities is None:
        return None
    hits = []
    for attr in ("add", "drop"):
        for j, name in enumerate(getattr(params.capabilities, attr) or ()):
            if capability(name) not in CAPABILITIES and not templated(name):
                path = ctx.cpath(i, "linux_parameters", "capabilities", attr, j)
                hits.append(Hit(path, f"{name!r} is not a Linux capability"))
    return hits or None


@rule(
    "linux-capabilities-privileged",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="A privileged container does not also add or drop capabilities.",
    why="When the container is privileged it gets all of Docker's default capabilities and the add and drop "
    "lists are ignored.",
    fix="Drop privileged and keep the capability lists, or remove the lists.",
    docs=_docs.KERNEL_CAPABILITIES,
    when="linux_parameters",
)
def capabilities_privileged(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if c.privileged is not True or params is None or params.capabilities is None or ctx.fargate:
        return None
    if not (params.capabilities.add or params.capabilities.drop):
        return None
    path = ctx.cpath(i, "linux_parameters", "capabilities")
    return [Hit(path, f"container {c.name!r} is privileged, so its capability add/drop lists are ignored")]


@rule(
    "linux-fargate-cap-add",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="On Fargate, capabilities.add holds only SYS_PTRACE.",
    why="Tasks launched on Fargate only support adding the SYS_PTRACE kernel capability (dropping any is fine).",
    fix="Remove every added capability except SYS_PTRACE.",
    docs=_docs.KERNEL_CAPABILITIES,
    when="linux_parameters",
)
def fargate_cap_add(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if not ctx.fargate or params is None or params.capabilities is None or not params.capabilities.add:
        return None
    hits = [
        Hit(ctx.cpath(i, "linux_parameters", "capabilities", "add", j), f"{name!r} cannot be added on Fargate")
        for j, name in enumerate(params.capabilities.add)
        if capability(name) not in FARGATE_CAPABILITIES and capability(name) in CAPABILITIES
    ]
    return hits or None


_NOT_FARGATE = (
    ("devices", "devices"),
    ("shared_memory_size", "sharedMemorySize"),
    ("tmpfs", "tmpfs"),
    ("max_swap", "maxSwap"),
    ("swappiness", "swappiness"),
)


@rule(
    "linux-fargate-unsupported",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="On Fargate, linuxParameters sets no devices, sharedMemorySize, tmpfs, maxSwap or swappiness.",
    why="None of these parameters is supported for tasks on Fargate; RegisterTaskDefinition rejects them when "
    "FARGATE is among the compatibilities.",
    fix="Remove the parameter (use a bind-mount volume instead of tmpfs; Fargate has no swap).",
    docs=_docs.LINUX_PARAMETERS,
    when="linux_parameters",
)
def fargate_unsupported(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if not ctx.fargate or params is None:
        return None
    hits = []
    for attr, wire in _NOT_FARGATE:
        value = getattr(params, attr)
        if value is not None and value != ():
            hits.append(Hit(ctx.cpath(i, "linux_parameters", attr), f"{wire} is not supported on Fargate"))
    return hits or None


@rule(
    "linux-swap-range",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="maxSwap is 0 or more and swappiness is 0-100.",
    why="maxSwap accepts 0 (no swap) or any positive integer; swappiness accepts whole numbers between 0 and 100.",
    fix="Use maxSwap >= 0 and swappiness 0-100 (default 60).",
    docs=_docs.LINUX_PARAMETERS,
    when="linux_parameters",
)
def swap_range(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if params is None or (params.max_swap is None and params.swappiness is None):
        return None
    hits = []
    if params.max_swap is not None and params.max_swap < 0:
        hits.append(Hit(ctx.cpath(i, "linux_parameters", "max_swap"), f"maxSwap {params.max_swap} is negative"))
    low, high = SWAPPINESS
    if params.swappiness is not None and not low <= params.swappiness <= high:
        path = ctx.cpath(i, "linux_parameters", "swappiness")
        hits.append(Hit(path, f"swappiness {params.swappiness} is outside 0-100"))
    return hits or None


@rule(
    "linux-swappiness-ignored",
    W,
    CONTAINER,
    phase=ADVICE,
    summary="swappiness is set together with maxSwap.",
    why="If a value is not specified for maxSwap then swappiness is ignored.",
    fix="Set maxSwap as well, or remove swappiness.",
    docs=_docs.LINUX_PARAMETERS,
    when="linux_parameters",
)
def swappiness_ignored(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if params is None or params.swappiness is None or params.max_swap is not None or ctx.fargate:
        return None
    path = ctx.cpath(i, "linux_parameters", "swappiness")
    return [Hit(path, "swappiness is ignored because maxSwap is not set")]


@rule(
    "linux-tmpfs",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=cannot_create('invalid mount config for type "tmpfs": invalid mount path: mount path must be absolute'),
    doubt=DOUBT_REGISTERS,
    summary="Each tmpfs mount has an absolute, unique containerPath, a size of 0 or more and documented mountOptions.",
    why="containerPath is the absolute path of the mount and mountOptions come from a fixed list; Docker refuses "
    "a relative path or two mounts at the same path, so the container cannot start.",
    fix="Use an absolute containerPath not used by another mount, and options such as rw, noexec or mode=1777.",
    docs=_docs.LINUX_PARAMETERS,
    when="linux_parameters",
)
def tmpfs(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    params = c.linux_parameters
    if params is None or not params.tmpfs:
        return None
    mounted = {m.container_path.rstrip("/") for m in c.mount_points or () if m.container_path}
    hits = []
    for j, mount in enumerate(params.tmpfs):
        path = mount.container_path
        if not templated(path):
            where = ctx.cpath(i, "linux_parameters", "tmpfs", j, "container_path")
            if not path.startswith("/"):
                hits.append(Hit(where, f"tmpfs containerPath {path!r} is not an absolute path"))
            elif path.rstrip("/") in mounted:
                hits.append(Hit(where, f"{path!r} is already a mount point of the container"))
            mounted.add(path.rstrip("/"))
        if mount.size < 0:
            hits.append(
                Hit(ctx.cpath(i, "linux_parameters", "tmpfs", j, "size"), f"tmpfs size {mount.size} is negative")
            )
        for k, option in enumerate(mount.mount_options or ()):
            if option.partition("=")[0] not in TMPFS_OPTIONS and not templated(option):
                where = ctx.cpath(i, "linux_parameters", "tmpfs", j, "mount_options", k)
                hits.append(Hit(where, f"{option!r} is not a tmpfs mount option"))
    return hits or None
