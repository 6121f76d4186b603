"""Rules on a service's traffic wiring: load balancers (checked against the task definition's containers and
ports), the role parameter, VPC Lattice, service discovery registries and Service Connect."""

from __future__ import annotations

import re

from ecskit._text import whole
from ecskit.models.ecs import ContainerDefinition
from ecskit.validation.context import ServiceContext, TaskDefContext
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._common import templated
from ecskit.validation.rules._outcomes import API, INVALID, RUNTIME, deployment_stalled

DISCOVERY_NAME = re.compile(r"[a-z0-9_][a-z0-9_-]{0,63}\Z")
DNS_NAME = re.compile(r"[a-z0-9_.][a-z0-9_.-]{0,126}\Z")
MAX_TARGET_GROUPS = 5
MAX_DISCOVERY_TASKS = 1000
SERVICE = Kind.SERVICE
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


def _maps_port(c: ContainerDefinition, port: int) -> bool:
    """True when one of the container's port mappings has this containerPort (or a range holding it)."""
    for pm in c.port_mappings or ():
        if pm.container_port == port:
            return True
        low, _, high = (pm.container_port_range or "").partition("-")
        first, last = whole(low), whole(high)
        if first is not None and last is not None and first <= port <= last:
            return True
    return False


def _mapped_ports(c: ContainerDefinition) -> str:
    ports = [str(pm.container_port) for pm in c.port_mappings or () if pm.container_port is not None]
    return ", ".join(ports) or "none"


def _port_names(td: TaskDefContext) -> set[str] | None:
    """The task definition's port mapping names (None when one is a template placeholder: nothing can be told)."""
    names = {pm.name for c in td.containers for pm in c.port_mappings or () if pm.name}
    return None if any(templated(n) for n in names) else names


def _names_known(td: TaskDefContext) -> bool:
    """False when a container name is a template placeholder (the real names are not known)."""
    return not any(templated(n) for n in td.by_name)


def _awsvpc(ctx: ServiceContext) -> bool:
    """True when the service's tasks use awsvpc (from the task definition, else from running on Fargate)."""
    return ctx.taskdef.awsvpc if ctx.taskdef is not None else ctx.fargate


@rule(
    "lb-container-exists",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/aws/amazon-ecs-agent/issues/1276",
    summary="Each load balancer's containerName is a container of the task definition.",
    why='CreateService fails: "The container <name> does not exist in the task definition." (the family or '
    "service name does not count).",
    fix="Set containerName to the name of the container that serves the traffic.",
    docs=_docs.LOAD_BALANCING,
)
def container_exists(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    if td is None or not ctx.service.load_balancers or not _names_known(td):
        return None
    hits = []
    for i, lb in enumerate(ctx.service.load_balancers):
        name = lb.container_name
        if name is None or name in td.by_name or templated(name):
            continue
        hint = "containers: " + ", ".join(repr(n) for n in td.by_name)
        path = ctx.path("load_balancers", i, "container_name")
        hits.append(Hit(path, f"The container {name} does not exist in the task definition.", hint))
    return hits or None


@rule(
    "lb-container-port-exists",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Each load balancer's containerPort is a containerPort of that container's port mappings.",
    why='CreateService fails: "The container <name> did not have a container port <port> defined."',
    fix="Use a port the container maps, or add a port mapping for it.",
    docs=_docs.LOAD_BALANCING,
)
def container_port_exists(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    if td is None or not ctx.service.load_balancers:
        return None
    hits = []
    for i, lb in enumerate(ctx.service.load_balancers):
        c = td.by_name.get(lb.container_name or "")
        if c is None or lb.container_port is None or _maps_port(c, lb.container_port):
            continue
        hits.append(
            Hit(
                ctx.path("load_balancers", i, "container_port"),
                f"container {c.name!r} does not map container port {lb.container_port}",
                f"ports mapped by {c.name!r}: {_mapped_ports(c)}",
            )
        )
    return hits or None


@rule(
    "lb-fields-by-type",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A load balancer entry has targetGroupArn (ALB/NLB) or loadBalancerName (Classic), not both, plus "
    "containerName and containerPort.",
    why="For ALB/NLB the entry must contain the target group ARN, container name and port and omit the load "
    "balancer name; for a Classic Load Balancer the name, container name and port and no target group. "
    "CreateService rejects anything else.",
    fix="Keep targetGroupArn for an ALB/NLB or loadBalancerName for a Classic Load Balancer, and set "
    "containerName and containerPort.",
    docs=_docs.LOAD_BALANCING,
)
def fields_by_type(ctx: ServiceContext) -> Hits:
    if not ctx.service.load_balancers:
        return None
    hits = []
    for i, lb in enumerate(ctx.service.load_balancers):
        tg, name = lb.target_group_arn, lb.load_balancer_name
        if tg is not None and name is not None:
            msg = "targetGroupArn and loadBalancerName are both set; an entry is one or the other"
            hits.append(Hit(ctx.path("load_balancers", i), msg))
        elif tg is None and name is None:
            msg = "neither targetGroupArn (ALB/NLB) nor loadBalancerName (Classic) is set"
            hits.append(Hit(ctx.path("load_balancers", i), msg))
        if lb.container_name is None:
            hits.append(Hit(ctx.path("load_balancers", i, "container_name"), "containerName is required"))
        if lb.container_port is None:
            hits.append(Hit(ctx.path("load_balancers", i, "container_port"), "containerPort is required"))
    return hits or None


@rule(
    "lb-awsvpc-no-classic",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Services whose tasks use awsvpc (all Fargate services) use ALB/NLB target groups, not Classic Load "
    "Balancers.",
    why="Services with tasks that use the awsvpc network mode only support Application and Network Load "
    "Balancers; Classic Load Balancers aren't supported.",
    fix="Move to an Application or Network Load Balancer with an 'ip' target group.",
    docs=_docs.LOAD_BALANCING,
)
def awsvpc_no_classic(ctx: ServiceContext) -> Hits:
    if not ctx.service.load_balancers or not _awsvpc(ctx):
        return None
    hits = [
        Hit(ctx.path("load_balancers", i, "load_balancer_name"), "Classic Load Balancers do not support awsvpc tasks")
        for i, lb in enumerate(ctx.service.load_balancers)
        if lb.load_balancer_name is not None
    ]
    return hits or None


@rule(
    "lb-classic-static-host-port",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A Classic Load Balancer in bridge mode targets a port mapping with a fixed hostPort.",
    why='Classic Load Balancers do not support dynamic host ports: CreateService fails with "A host port mapping '
    'for the container port <port> is required."',
    fix="Set a fixed hostPort for that container port, or use an Application Load Balancer (dynamic ports work).",
    docs=_docs.LOAD_BALANCING,
)
def classic_static_host_port(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    if td is None or not ctx.service.load_balancers or td.effective_network_mode != "bridge":
        return None
    hits = []
    for i, lb in enumerate(ctx.service.load_balancers):
        c = td.by_name.get(lb.container_name or "")
        if lb.load_balancer_name is None or c is None or lb.container_port is None:
            continue
        for pm in c.port_mappings or ():
            if pm.container_port == lb.container_port and not pm.host_port:
                hits.append(
                    Hit(
                        ctx.path("load_balancers", i, "load_balancer_name"),
                        f"container {c.name!r} maps port {lb.container_port} to a dynamic host port, which a "
                        "Classic Load Balancer cannot use",
                        f"set hostPort {lb.container_port} in that port mapping",
                    )
                )
                break
    return hits or None


@rule(
    "lb-counts",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="At most 5 target groups and at most 1 Classic Load Balancer per service.",
    why="A service can be attached to up to 5 target groups (a service quota) and to a single Classic Load "
    "Balancer; CreateService rejects more.",
    fix="Remove the extra load balancer entries.",
    docs=_docs.QUOTAS,
)
def counts(ctx: ServiceContext) -> Hits:
    lbs = ctx.service.load_balancers
    if not lbs or len(lbs) < 2:
        return None
    hits = []
    groups = sum(1 for lb in lbs if lb.target_group_arn is not None)
    if groups > MAX_TARGET_GROUPS:
        hits.append(Hit(ctx.path("load_balancers"), f"{groups} target groups; at most 5 are allowed"))
    classic = sum(1 for lb in lbs if lb.load_balancer_name is not None)
    if classic > 1:
        hits.append(Hit(ctx.path("load_balancers"), f"{classic} Classic Load Balancers; at most 1 is allowed"))
    return hits or None


@rule(
    "lb-multi-tg-controllers",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Several load balancer entries are used only with the ECS deployment controller.",
    why="Multiple target groups are not supported for blue/green (CODE_DEPLOY) or external deployments, only for "
    "rolling updates (ECS controller); with CODE_DEPLOY the second target group belongs in the deployment group.",
    fix="Keep one load balancer entry, or use the ECS deployment controller.",
    docs=_docs.LOAD_BALANCING,
)
def multi_tg_controllers(ctx: ServiceContext) -> Hits:
    lbs = ctx.service.load_balancers
    if not lbs or len(lbs) < 2 or ctx.controller == "ECS":
        return None
    return [
        Hit(
            ctx.path("load_balancers"),
            f"{len(lbs)} load balancer entries; the {ctx.controller} controller supports one",
        )
    ]


@rule(
    "lb-codedeploy-needs-lb",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A CODE_DEPLOY service has an Application or Network Load Balancer target group.",
    why="If the service uses the CODE_DEPLOY deployment controller, it is required to use an ALB or NLB: "
    "CodeDeploy shifts traffic between two target groups.",
    fix="Add a loadBalancers entry with the production target group's ARN.",
    docs=_docs.CODE_DEPLOY,
)
def codedeploy_needs_lb(ctx: ServiceContext) -> Hits:
    if ctx.controller != "CODE_DEPLOY":
        return None
    if any(lb.target_group_arn is not None for lb in ctx.service.load_balancers or ()):
        return None
    return [Hit(ctx.path("load_balancers"), "the CODE_DEPLOY controller needs an ALB/NLB target group")]


@rule(
    "lb-role-param",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    source="https://github.com/cloudposse/terraform-aws-ecs-alb-service-task/pull/118",
    summary="The role parameter is set only with a load balancer, and not when the service needs the service-linked "
    "role (awsvpc, service discovery, EXTERNAL controller, several target groups).",
    why='CreateService fails: "You cannot specify an IAM role for services that require a service linked role."; '
    "and a role without a load balancer is rejected too.",
    fix="Remove 'role': ECS uses its service-linked role (AWSServiceRoleForECS).",
    docs=_docs.SERVICE_LINKED_ROLE,
)
def role_param(ctx: ServiceContext) -> Hits:
    role = ctx.service.role
    if not role:
        return None
    lbs = ctx.service.load_balancers or ()
    if not lbs:
        return [Hit(ctx.path("role"), "role is only allowed together with a load balancer")]
    reasons = []
    if _awsvpc(ctx):
        reasons.append("the tasks use awsvpc")
    if ctx.service.service_registries:
        reasons.append("the service uses service discovery")
    if ctx.controller == "EXTERNAL":
        reasons.append("the deployment controller is EXTERNAL")
    if sum(1 for lb in lbs if lb.target_group_arn is not None) > 1:
        reasons.append("the service has several target groups")
    if not reasons:
        return None
    return [
        Hit(
            ctx.path("role"),
            "You cannot specify an IAM role for services that require a service linked role.",
            "remove role: the service needs the service-linked role (" + "; ".join(reasons) + ")",
        )
    ]


@rule(
    "lb-lattice-port-name",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Each VPC Lattice configuration's portName is the name of a port mapping in the task definition.",
    why="VPC Lattice registers the port of the named port mapping; a name no port mapping has cannot be resolved.",
    fix="Name the port mapping in the task definition, and use that name as portName.",
    docs=_docs.CREATE_SERVICE,
)
def lattice_port_name(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    configs = ctx.service.vpc_lattice_configurations
    if td is None or not configs:
        return None
    names = _port_names(td)
    if names is None:
        return None
    hits = [
        Hit(ctx.path("vpc_lattice_configurations", i, "port_name"), f"no port mapping is named {cfg.port_name!r}")
        for i, cfg in enumerate(configs)
        if cfg.port_name not in names and not templated(cfg.port_name)
    ]
    return hits or None


@rule(
    "sd-one-registry",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A service has at most one service registry.",
    why="Each service may be associated with one service registry; multiple registries aren't supported.",
    fix="Keep a single serviceRegistries entry.",
    docs=_docs.SERVICE_DISCOVERY,
)
def one_registry(ctx: ServiceContext) -> Hits:
    registries = ctx.service.service_registries
    if not registries or len(registries) < 2:
        return None
    return [Hit(ctx.path("service_registries"), f"{len(registries)} service registries; at most 1 is allowed")]


@rule(
    "sd-container-port-rules",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="A service registry gives containerName with containerPort (required in bridge and host mode) or "
    "port, not both, and the container and port exist in the task definition.",
    why="For bridge and host network modes a containerName and containerPort combination from the task "
    "definition is required; with awsvpc and SRV records either that combination or port, but not both.",
    fix="Set containerName and containerPort to a mapped port of the task definition, or only port (awsvpc).",
    docs=_docs.SERVICE_DISCOVERY,
)
def registry_ports(ctx: ServiceContext) -> Hits:
    registries = ctx.service.service_registries
    if not registries:
        return None
    td = ctx.taskdef
    hits = []
    for i, reg in enumerate(registries):
        name, port = reg.container_name, reg.container_port
        if reg.port is not None and (name is not None or port is not None):
            msg = "port and containerName/containerPort are both set; give one or the other"
            hits.append(Hit(ctx.path("service_registries", i), msg))
        elif (name is None) != (port is None):
            missing = "containerPort" if port is None else "containerName"
            hits.append(
                Hit(
                    ctx.path("service_registries", i),
                    f"containerName and containerPort go together: {missing} is missing",
                )
            )
        if td is None:
            continue
        if name is None and td.effective_network_mode in ("bridge", "host"):
            msg = f"containerName and containerPort are required with the {td.effective_network_mode} network mode"
            hits.append(Hit(ctx.path("service_registries", i), msg))
        elif name is not None and not templated(name) and _names_known(td):
            c = td.by_name.get(name)
            if c is None:
                hits.append(Hit(ctx.path("service_registries", i, "container_name"), f"no container is named {name!r}"))
            elif port is not None and not _maps_port(c, port):
                hits.append(
                    Hit(
                        ctx.path("service_registries", i, "container_port"),
                        f"container {name!r} does not map container port {port}",
                        f"ports mapped by {name!r}: {_mapped_ports(c)}",
                    )
                )
    return hits or None


@rule(
    "sd-task-cap",
    W,
    SERVICE,
    phase=RUNTIME,
    effect=deployment_stalled(
        "(service {service}) has reached the limit of 1,000 tasks for a service that uses service discovery."
    ),
    summary="A service using service discovery asks for at most 1,000 tasks.",
    why="Services that use service discovery are limited to 1,000 tasks (Cloud Map instances per service); "
    "scaling beyond that stalls.",
    fix="Split the workload across several services, or use Service Connect or a load balancer.",
    docs=_docs.QUOTAS,
)
def task_cap(ctx: ServiceContext) -> Hits:
    count = ctx.service.desired_count
    if not ctx.service.service_registries or count is None or count <= MAX_DISCOVERY_TASKS:
        return None
    return [Hit(ctx.path("desired_count"), f"desiredCount {count} is above the 1,000-task service discovery limit")]


@rule(
    "sc-portname",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Each Service Connect service's portName is the name of a port mapping in the task definition.",
    why="The portName must match the name of one of the portMappings of the task definition's containers; "
    "CreateService rejects any other.",
    fix="Give the port mapping a 'name' and use it as portName.",
    docs=_docs.SERVICE_CONNECT,
)
def sc_portname(ctx: ServiceContext) -> Hits:
    td = ctx.taskdef
    config = ctx.service.service_connect_configuration
    if td is None or config is None or not config.enabled or not config.services:
        return None
    names = _port_names(td)
    if names is None:
        return None
    hint = "named port mappings: " + (", ".join(repr(n) for n in sorted(names)) or "none")
    hits = [
        Hit(
            ctx.path("service_connect_configuration", "services", i, "port_name"),
            f"no port mapping is named {svc.port_name!r}",
            hint,
        )
        for i, svc in enumerate(config.services)
        if svc.port_name not in names and not templated(svc.port_name)
    ]
    return hits or None


@rule(
    "sc-alias-name-rules",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Service Connect names and ports: at most 1 client alias per service, ports 0-65535, discoveryName "
    "up to 64 of [a-z0-9_-], dnsName up to 127 of [a-z0-9_.-], neither starting with '-', discovery names "
    "unique.",
    why="CreateService rejects Service Connect services that break these documented limits; each discovery name "
    "must be unique within the namespace.",
    fix="Use lowercase DNS-style names, one client alias per entry and ports 0-65535.",
    docs=_docs.SERVICE_CONNECT,
)
def sc_alias_names(ctx: ServiceContext) -> Hits:
    config = ctx.service.service_connect_configuration
    if config is None or not config.services:
        return None
    hits = []
    seen: set[str] = set()
    for i, svc in enumerate(config.services):
        base = ("service_connect_configuration", "services", i)
        aliases = svc.client_aliases or ()
        if len(aliases) > 1:
            hits.append(Hit(ctx.path(*base, "client_aliases"), f"{len(aliases)} client aliases; at most 1 is allowed"))
        for j, alias in enumerate(aliases):
            if not 0 <= alias.port <= 65535:
                hits.append(Hit(ctx.path(*base, "client_aliases", j, "port"), f"port {alias.port} is outside 0-65535"))
            dns = alias.dns_name
            if dns is not None and not DNS_NAME.match(dns) and not templated(dns):
                msg = f"dnsName {dns!r} must be up to 127 of a-z 0-9 _ . - and not start with '-'"
                hits.append(Hit(ctx.path(*base, "client_aliases", j, "dns_name"), msg))
        override = svc.ingress_port_override
        if override is not None and not 0 <= override <= 65535:
            hits.append(Hit(ctx.path(*base, "ingress_port_override"), f"port {override} is outside 0-65535"))
        name = svc.discovery_name
        if name is not None and not DISCOVERY_NAME.match(name) and not templated(name):
            msg = f"discoveryName {name!r} must be up to 64 of a-z 0-9 _ - and not start with '-'"
            hits.append(Hit(ctx.path(*base, "discovery_name"), msg))
        effective = name if name is not None else svc.port_name
        if effective in seen:
            where = "discovery_name" if name is not None else "port_name"
            hits.append(Hit(ctx.path(*base, where), f"discovery name {effective!r} is used by two entries"))
        seen.add(effective)
    return hits or None


@rule(
    "sc-access-log-config",
    E,
    SERVICE,
    phase=API,
    aws_code=INVALID,
    summary="Service Connect access logs come with a Service Connect logConfiguration.",
    why="To enable access logs, you must also specify a logConfiguration in the serviceConnectConfiguration.",
    fix="Add serviceConnectConfiguration.logConfiguration (e.g. awslogs) for the Service Connect proxy.",
    docs=_docs.SERVICE_CONNECT,
)
def sc_access_log(ctx: ServiceContext) -> Hits:
    config = ctx.service.service_connect_configuration
    if config is None or config.access_log_configuration is None or config.log_configuration is not None:
        return None
    return [
        Hit(
            ctx.path("service_connect_configuration", "access_log_configuration"),
            "accessLogConfiguration needs serviceConnectConfiguration.logConfiguration",
        )
    ]
