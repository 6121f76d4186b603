"""Rules on port mappings and network modes: host/container port pairs per mode, ranges, names, reserved ports."""

from __future__ import annotations

import re

from ecskit._text import whole
from ecskit.models.ecs import ContainerDefinition, PortMapping
from ecskit.placement import Reason
from ecskit.texts import ecs
from ecskit.validation.context import ServiceContext, TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._outcomes import (
    API,
    CLIENT,
    DOUBT_REGISTERS,
    INVALID,
    RUNTIME,
    launch_refused,
    not_placed,
    stopped,
)

TD, CONTAINER, SERVICE = Kind.TASK_DEFINITION, Kind.CONTAINER, Kind.SERVICE
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None

MAX_PORT = 65535
MAX_RANGES = 100
PORT_NAME = re.compile(r"[a-z0-9_][a-z0-9_-]{0,63}\Z")
NOT_NAME_CHAR = re.compile(r"[^a-z0-9_-]")
PORT_RANGE = re.compile(r"\s*([0-9]+)\s*-\s*([0-9]+)\s*\Z")
#: SSH, the Docker daemon and the ECS agent: reserved on every container instance.
RESERVED_PORTS = frozenset({22, 2375, 2376, 51678, 51679, 51680})
#: "In general, ports below 32768 are outside of the ephemeral port range." (Windows: 49152-65535.)
EPHEMERAL_START = 32768
EPHEMERAL_START_WINDOWS = 49152


def _parse_range(text: str) -> tuple[int, int] | None:
    m = PORT_RANGE.match(text)
    if m is None:
        return None
    low, high = whole(m.group(1)), whole(m.group(2))  # a number of 5,000 digits is too large, not a ValueError
    return (low, high) if low is not None and high is not None else None


@rule(
    "port-none-mode-no-ports",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="Containers of a task in the 'none' network mode have no port mappings.",
    why="With networkMode none you cannot specify port mappings: the task's containers have no external "
    "connectivity, and RegisterTaskDefinition rejects them.",
    fix="Remove portMappings, or use the bridge, host or awsvpc network mode.",
    docs=_docs.TASKDEF_PARAMS,
    when="port_mappings",
)
def none_mode_no_ports(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings or ctx.network_mode != "none":
        return None
    return [Hit(ctx.cpath(i, "port_mappings"), f"container {c.name!r} maps ports, but networkMode is none")]


def _host_eq_container(ctx: TaskDefContext, c: ContainerDefinition, i: int, mode: str) -> Hits:
    hits = []
    for j, pm in enumerate(c.port_mappings or ()):
        host, port = pm.host_port, pm.container_port
        if host is None or host == 0 or port is None or host == port:
            continue
        detail = f"hostPort {host} differs from containerPort {port} in {mode} network mode"
        if mode == "awsvpc":
            message = ecs.AWSVPC_PORTS_MATCH()
            hit = Hit(
                ctx.cpath(i, "port_mappings", j, "host_port"), message, f"{detail}: remove hostPort or set it to {port}"
            )
        else:
            hit = Hit(ctx.cpath(i, "port_mappings", j, "host_port"), detail, f"remove hostPort or set it to {port}")
        hits.append(hit)
    return hits or None


@rule(
    "port-awsvpc-host-eq-container",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/pulumi/pulumi-awsx/issues/935",
    summary="In awsvpc mode each hostPort is omitted or equal to its containerPort.",
    why='RegisterTaskDefinition fails: "When networkMode=awsvpc, the host ports and container ports in port '
    'mappings must match."',
    fix="Remove hostPort (ECS sets it to containerPort) or make it equal to containerPort.",
    docs=_docs.NETWORKING,
    when="port_mappings",
)
def awsvpc_host_eq_container(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings or not ctx.awsvpc:
        return None
    return _host_eq_container(ctx, c, i, "awsvpc")


@rule(
    "port-host-mode-host-eq-container",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="In host mode each hostPort is omitted or equal to its containerPort.",
    why="With the host network mode, host ports must either be undefined or match the container port; the "
    "container listens on the instance's own interface, so no other mapping is possible.",
    fix="Remove hostPort or make it equal to containerPort (and make the application listen on that port).",
    docs=_docs.NETWORKING,
    when="port_mappings",
)
def host_mode_host_eq_container(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings or ctx.network_mode != "host":
        return None
    return _host_eq_container(ctx, c, i, "host")


@rule(
    "port-dynamic-bridge-only",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="hostPort 0 (a dynamic host port) is used only in bridge mode.",
    why="Dynamic host ports come from the instance's ephemeral range and exist only in bridge mode; with the "
    "host and awsvpc modes you cannot take advantage of dynamic host port mappings (awsvpc rejects the "
    'mapping: "the host ports and container ports in port mappings must match").',
    fix="Remove hostPort (it then equals containerPort), or use the bridge network mode for dynamic ports.",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def dynamic_bridge_only(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings or ctx.network_mode not in ("awsvpc", "host"):
        return None
    hits = [
        Hit(
            ctx.cpath(i, "port_mappings", j, "host_port"),
            f"hostPort 0 asks for a dynamic port, which {ctx.network_mode} network mode does not support",
            "remove hostPort" + (f" (it then equals containerPort {pm.container_port})" if pm.container_port else ""),
        )
        for j, pm in enumerate(c.port_mappings)
        if pm.host_port == 0
    ]
    return hits or None


@rule(
    "port-container-port-required",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/aws-cli/issues/7288",
    summary="Each port mapping has a containerPort of 1-65535, or a containerPortRange.",
    why="RegisterTaskDefinition fails with \"Invalid 'containerPort' setting for container\" otherwise.",
    fix="Set containerPort to the port the application listens on (1-65535).",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def container_port_required(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings:
        return None
    hits = []
    for j, pm in enumerate(c.port_mappings):
        port = pm.container_port
        if port is None:
            if pm.container_port_range is None:
                hint = "the mapping has no containerPort: set one (1-65535) or a containerPortRange"
                hits.append(
                    Hit(
                        ctx.cpath(i, "port_mappings", j),
                        ecs.CONTAINER_PORT_INVALID(name=c.name),
                        hint,
                    )
                )
        elif not 1 <= port <= MAX_PORT:
            path = ctx.cpath(i, "port_mappings", j, "container_port")
            hits.append(Hit(path, ecs.CONTAINER_PORT_INVALID(name=c.name), f"containerPort {port} is not 1-65535"))
    return hits or None


@rule(
    "port-host-port-range",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="hostPort is 0-65535.",
    why="A port number outside 0-65535 does not exist; RegisterTaskDefinition rejects it.",
    fix="Use a port of 1-65535, or omit hostPort (0 or absent asks for a dynamic port in bridge mode).",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def host_port_range(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings:
        return None
    hits = [
        Hit(ctx.cpath(i, "port_mappings", j, "host_port"), f"hostPort {pm.host_port} is not 0-65535")
        for j, pm in enumerate(c.port_mappings or ())
        if pm.host_port is not None and not 0 <= pm.host_port <= MAX_PORT
    ]
    return hits or None


def _fixed_host_ports(mode: str, mapping: PortMapping) -> range:
    """The host ports a mapping binds for sure (empty when the host picks them: a dynamic port, a bridge range)."""
    if mode == "none":
        return range(0)
    bounds = _parse_range(mapping.container_port_range) if mapping.container_port_range is not None else None
    if bounds is not None:
        # awsvpc and host bind a range's own ports; bridge gives it host ports of the instance's choosing. A range
        # beyond 1-65535 is another rule's refusal (its bounds may be as large as 2**63: never walked).
        low, high = bounds
        return range(low, high + 1) if mode in ("awsvpc", "host") and 0 < low <= high <= MAX_PORT else range(0)
    port = mapping.host_port
    if mode in ("awsvpc", "host") and not port:
        port = mapping.container_port
    return range(port, port + 1) if port and 0 < port <= MAX_PORT else range(0)


@rule(
    "port-host-port-unique",
    E,
    TD,
    phase=API,
    aws_code=CLIENT,
    source="https://github.com/aws/amazon-ecs-agent/issues/1220",
    summary="No host port of a protocol is mapped twice in a task (across its containers, and port ranges included).",
    why="A host port (or an awsvpc task's port) can be bound once: RegisterTaskDefinition fails with \"TCP host port "
    "'3000' is mapped multiple times in task.\" when two mappings of one protocol bind the same fixed port.",
    fix="Give each mapping its own host port, use dynamic host ports (bridge mode, hostPort 0), or merge the "
    "containers that share the port.",
    docs=_docs.PORT_MAPPING,
)
def host_port_unique(ctx: TaskDefContext) -> Hits:
    mode = ctx.effective_network_mode
    seen: dict[tuple[str, int], tuple[int, int]] = {}
    hits = []
    for i, c in enumerate(ctx.containers):
        for j, pm in enumerate(c.port_mappings or ()):
            protocol = str(pm.protocol or "tcp").lower()
            for port in _fixed_host_ports(mode, pm):
                first = seen.setdefault((protocol, port), (i, j))
                if first == (i, j):
                    continue
                member = "container_port_range" if pm.container_port_range is not None else "host_port"
                if pm.host_port is None and pm.container_port_range is None:
                    member = "container_port"
                other = ctx.containers[first[0]].name
                hits.append(
                    Hit(
                        ctx.cpath(i, "port_mappings", j, member),
                        ecs.HOST_PORT_MAPPED_TWICE(protocol=protocol.upper(), port=port),
                        f"container {c.name!r} maps {protocol.upper()} host port {port}, which container {other!r} "
                        "already maps",
                    )
                )
                break  # one finding per mapping
    return hits or None


@rule(
    "port-container-port-unique",
    E,
    CONTAINER,
    phase=RUNTIME,
    effect=launch_refused(INVALID, "Container port <port> is used in more than one port mapping for container <name>"),
    doubt="The docs say an error is returned; the only public copy of the text is from CreateService, so ecskit "
    "assumes the task definition registers and the launch is refused.",
    summary="A container port appears in one port mapping only (not once per protocol, not inside two ranges).",
    why='You can\'t expose the same container port for multiple protocols ("an error is returned"), and a port '
    'can be in only one port mapping per container; CreateService fails with "Container port 53 is used in more '
    'than one port mapping for container".',
    fix="Keep one mapping per container port; for a service on both TCP and UDP, use two different ports.",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def container_port_unique(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    mappings = c.port_mappings
    if not mappings or len(mappings) < 2:
        return None
    singles: dict[int, int] = {}
    ranges: list[tuple[int, int, int]] = []
    hits = []
    for j, pm in enumerate(mappings):
        if pm.container_port is not None:
            port = pm.container_port
            if port in singles or any(lo <= port <= hi for lo, hi, _ in ranges):
                text = f"Container port {port} is used in more than one port mapping for container {c.name}"
                hits.append(
                    Hit(
                        ctx.cpath(i, "port_mappings", j, "container_port"),
                        f"container port {port} is used in more than one port mapping for container {c.name!r}",
                        effect=launch_refused(INVALID, text),
                    )
                )
            singles.setdefault(port, j)
        elif pm.container_port_range is not None:
            bounds = _parse_range(pm.container_port_range)
            if bounds is None:
                continue
            lo, hi = bounds
            clash = any(lo <= p <= hi for p in singles) or any(lo <= top and bottom <= hi for bottom, top, _ in ranges)
            if clash:
                hits.append(
                    Hit(
                        ctx.cpath(i, "port_mappings", j, "container_port_range"),
                        f"port range {pm.container_port_range} overlaps another port mapping of container {c.name!r}",
                    )
                )
            ranges.append((lo, hi, j))
    return hits or None


@rule(
    "port-range-rules",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="containerPortRange is 'first-last' within 1-65535 with first < last, has no hostPort, is used in "
    "bridge or awsvpc mode, and a container has at most 100 ranges.",
    why="These are the documented rules for containerPortRange; ECS rejects port mappings that break them.",
    fix="Write the range as '8000-8100', leave hostPort empty, and use the bridge or awsvpc network mode.",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def port_range_rules(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings:
        return None
    hits = []
    count = 0
    for j, pm in enumerate(c.port_mappings):
        text = pm.container_port_range
        if text is None:
            continue
        count += 1
        path = ctx.cpath(i, "port_mappings", j, "container_port_range")
        bounds = _parse_range(text)
        if bounds is None:
            hits.append(Hit(path, f"containerPortRange {text!r} is not 'first-last'", "write it as e.g. '8000-8100'"))
        elif not (1 <= bounds[0] < bounds[1] <= MAX_PORT):
            hits.append(Hit(path, f"containerPortRange {text!r} must have 1 <= first < last <= 65535"))
        if pm.host_port is not None:
            hits.append(Hit(ctx.cpath(i, "port_mappings", j, "host_port"), "hostPort must be empty with a port range"))
        if ctx.network_mode == "host":
            hits.append(Hit(path, "port ranges need the bridge or awsvpc network mode, not host"))
    if count > MAX_RANGES:
        hits.append(Hit(ctx.cpath(i, "port_mappings"), f"{count} port ranges; at most 100 are allowed per container"))
    return hits or None


@rule(
    "port-name-format",
    E,
    CONTAINER,
    phase=API,
    aws_code=CLIENT,
    summary="Port mapping names are up to 64 lowercase letters, digits, '_' and '-', not starting with '-'.",
    why="The name is what Service Connect and VPC Lattice refer to; ECS rejects other names.",
    fix="Rename the port mapping, e.g. 'web-http'.",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def port_name_format(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings:
        return None
    hits = [
        Hit(
            ctx.cpath(i, "port_mappings", j, "name"),
            f"port mapping name {pm.name!r} must be 1-64 of a-z, 0-9, '_', '-' and not start with '-'",
            f"try {NOT_NAME_CHAR.sub('-', pm.name.lower()).lstrip('-')[:64] or 'port'!r}",
        )
        for j, pm in enumerate(c.port_mappings or ())
        if pm.name is not None and not PORT_NAME.match(pm.name) and "${" not in pm.name and "{{" not in pm.name
    ]
    return hits or None


@rule(
    "port-reserved-host-ports",
    W,
    CONTAINER,
    phase=RUNTIME,
    effect=not_placed(Reason.PORTS),
    summary="Static host ports avoid the ports reserved on every instance and the ephemeral port range.",
    why="Ports 22, 2375, 2376 and 51678-51680 are reserved on every container instance, and host ports in the "
    "ephemeral range are reserved for automatic assignment: a task asking for them is not placed "
    "(RESOURCE:PORTS) or collides with a dynamically mapped port.",
    fix="Use a static host port below 32768 that nothing else on the instance uses, or a dynamic port (bridge).",
    docs=_docs.PORT_MAPPING,
    when="port_mappings",
)
def reserved_host_ports(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> Hits:
    if not c.port_mappings:
        return None
    mode = ctx.effective_network_mode
    if mode in ("awsvpc", "none"):
        return None
    ephemeral = EPHEMERAL_START_WINDOWS if ctx.windows else EPHEMERAL_START
    hits = []
    for j, pm in enumerate(c.port_mappings):
        port = pm.host_port
        if mode == "host" and port is None:
            port = pm.container_port
        if not port:
            continue
        path = ctx.cpath(i, "port_mappings", j, "host_port" if pm.host_port is not None else "container_port")
        if port in RESERVED_PORTS:
            hits.append(Hit(path, f"host port {port} is reserved on every container instance (SSH, Docker, ECS agent)"))
        elif ephemeral <= port <= MAX_PORT:
            hits.append(Hit(path, f"host port {port} is likely in the instance's ephemeral port range"))
    return hits or None


@rule(
    "net-windows-ec2",
    E,
    TD,
    phase=RUNTIME,
    effect=stopped("Task failed to start"),
    doubt=DOUBT_REGISTERS,
    summary="Windows task definitions for EC2 use the default (NAT) network mode or awsvpc.",
    why="Docker for Windows uses other network modes than Linux: for Windows containers only <default> (no "
    "networkMode) or awsvpc can be used; bridge, host and none are Linux-only.",
    fix="Remove networkMode (the Windows default NAT mode), or use awsvpc.",
    docs=_docs.WINDOWS,
)
def windows_network_mode(ctx: TaskDefContext) -> Hits:
    if not ctx.windows or ctx.fargate or ctx.network_mode not in ("bridge", "host", "none"):
        return None
    return [Hit(ctx.path("network_mode"), f"networkMode {ctx.network_mode} is not supported for Windows containers")]


def _static_host_ports(ctx: TaskDefContext) -> bool:
    if ctx.network_mode == "host":
        return any(c.port_mappings for c in ctx.containers)
    if ctx.effective_network_mode in ("awsvpc", "none"):
        return False
    return any(pm.host_port for c in ctx.containers for pm in c.port_mappings or ())


@rule(
    "net-host-mode-one-per-port",
    W,
    SERVICE,
    phase=RUNTIME,
    effect=not_placed(Reason.PORTS),
    summary="A service whose tasks need fixed host ports asks for no more tasks than the cluster has instances.",
    why="With the host network mode (or static host ports in bridge mode) only one copy of the task fits on an "
    'instance: the extra tasks are never placed ("already using a port required by your task").',
    fix="Use dynamic host ports (bridge with hostPort 0) or awsvpc, lower desiredCount, or add instances.",
    docs=_docs.NETWORKING,
)
def host_mode_one_per_port(ctx: ServiceContext) -> Hits:
    td, cluster, desired = ctx.taskdef, ctx.cluster, ctx.service.desired_count
    if td is None or cluster is None or desired is None or ctx.daemon or ctx.fargate:
        return None
    instances = cluster.registered_container_instances_count
    if not instances or desired <= instances:
        return None
    if ctx.providers or (ctx.launch_type is None and cluster.default_capacity_provider_strategy):
        return None  # a capacity provider can add instances
    if not _static_host_ports(td):
        return None
    return [
        Hit(
            ctx.path("desired_count"),
            f"desiredCount {desired} but the tasks use fixed host ports and the cluster has {instances} "
            "instance(s): at most one task fits per instance",
            f"lower desiredCount to {instances} or use dynamic host ports",
        )
    ]
