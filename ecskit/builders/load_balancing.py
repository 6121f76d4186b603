"""The load balancer side of a service: an Application Load Balancer, its listener, a target group whose target
type fits the tasks' network mode, and the security groups that let traffic through, and nothing else.

ELBv2 and EC2 assign ARNs and ids when they create a resource, but an ECS service must name its target group's
ARN, and its tasks their security group ids, when it is created. So these builders set **deterministic
placeholders**, derived from the resource's name:

* target group: ``arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{16 hex}``;
* load balancer: ``arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/app/{name}/{16 hex}``;
* security group: ``sg-{17 hex}`` (derived from the VPC id and the group's name).

An in-memory backend creates the resources with exactly these identifiers, so a whole deployment can be built
offline and replayed on it. Against real AWS, create the load balancer resources first and replace the
placeholders with the identifiers AWS returns (``attrs.evolve``).

>>> target_group_arn("web-tg", account="123456789012", region="us-east-1")
'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/07be46359e9e774f'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import error
from ecskit.models.ecs import NetworkMode
from ecskit.models.elbv2 import (
    Listener,
    LoadBalancer,
    LoadBalancerScheme,
    LoadBalancerType,
    Protocol,
    SecurityGroup,
    SecurityGroupRule,
    TargetGroup,
    TargetGroupHealthCheck,
    TargetType,
)
from ecskit.validation import Finding

__all__ = [
    "EPHEMERAL_PORT_RANGE",
    "TARGET_TYPE_DOCS",
    "application_load_balancer",
    "check_load_balancing",
    "elb_name",
    "listener",
    "load_balancer_arn",
    "load_balancer_security_group",
    "security_group_id",
    "service_security_group",
    "target_group",
    "target_group_arn",
    "target_type_findings",
    "target_type_for",
]

#: The host ports a load balancer must reach for ``bridge`` tasks with dynamic host ports: Docker takes them from
#: the instance's ephemeral range (``/proc/sys/net/ipv4/ip_local_port_range``, 32768-60999 on Amazon Linux, or
#: 49153-65535 when the agent cannot read it), and 32768-65535 covers both.
#: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_portmappings
EPHEMERAL_PORT_RANGE = (32768, 65535)

#: Where ECS says which target type its tasks need.
TARGET_TYPE_DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html"
TARGET_GROUP_DOCS = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
)
LOAD_BALANCER_DOCS = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html"
)
LISTENER_DOCS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html"
_ELB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?\Z")
_SUBNET_ID = re.compile(r"subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
_MATCHER = re.compile(r"\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*\Z")
_ANYWHERE = "0.0.0.0/0"


@check_arguments
def target_type_for(network_mode: NetworkMode | str | None) -> TargetType | None:
    """The target type a load balancer needs for tasks in ``network_mode`` (``None``: the default, bridge):
    ``ip`` for awsvpc, ``instance`` for bridge and host, ``None`` for ``none`` (no ports to balance).

    >>> target_type_for("awsvpc"), target_type_for(NetworkMode.BRIDGE), target_type_for("none")
    (<TargetType.IP: 'ip'>, <TargetType.INSTANCE: 'instance'>, None)
    """
    mode = str(network_mode) if network_mode is not None else "bridge"
    if mode == "awsvpc":
        return TargetType.IP
    if mode in ("bridge", "host", "default"):
        return TargetType.INSTANCE
    return None


@check_arguments
def target_type_findings(group: TargetGroup, network_mode: NetworkMode | str | None, path: str) -> list[Finding]:
    """The ``lb-target-type`` finding when ``group`` cannot hold tasks in ``network_mode``, and
    ``lb-target-group-arn`` when it has no ARN for a service to name.

    "For services with tasks using the awsvpc network mode, when you create a target group for your service, you
    must choose ip as the target type, not instance." (:data:`TARGET_TYPE_DOCS`); bridge and host tasks are
    registered by instance id and port.
    """
    found = []
    name = group.target_group_name
    if group.target_group_arn is None:
        found.append(
            error(
                "lb-target-group-arn",
                path,
                f"target group {name!r} has no ARN",
                hint="create the target group first and pass it with target_group_arn set, or pass its ARN",
                docs=TARGET_TYPE_DOCS,
            )
        )
    wanted = target_type_for(network_mode)
    shown = str(network_mode) if network_mode is not None else "bridge"
    if wanted is None:
        message = f"tasks in network mode {shown} have no network ports to put behind a load balancer"
    elif group.target_type != wanted:
        message = f"target group {name!r} has target type {group.target_type}; {shown} tasks need {wanted}"
    else:
        return found
    hint = "use target type instance for bridge and host network modes, ip for awsvpc"
    found.append(error("lb-target-type", path, message, hint=hint, docs=TARGET_TYPE_DOCS))
    return found


def _hex(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


@check_arguments
def target_group_arn(name: str, *, account: str, region: str, partition: str = "aws") -> str:
    """The deterministic placeholder ARN of the target group ``name`` (see the module docstring)."""
    return f"arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{_hex(name, 16)}"


@check_arguments
def load_balancer_arn(name: str, *, account: str, region: str, partition: str = "aws") -> str:
    """The deterministic placeholder ARN of the Application Load Balancer ``name`` (see the module docstring)."""
    return f"arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/app/{name}/{_hex(name, 16)}"


@check_arguments
def security_group_id(name: str, *, vpc_id: str) -> str:
    """The deterministic placeholder id of the security group ``name`` in ``vpc_id``."""
    return "sg-" + _hex(f"{vpc_id}/{name}", 17)


@check_arguments
def elb_name(base: str, suffix: str = "") -> str:
    """A load balancer or target group name from ``base``: underscores become hyphens and ``base`` is cut so
    that ``base + suffix`` fits ELB's 32 characters (a name cannot end with a hyphen).

    >>> elb_name("orders_api"), elb_name("a-very-long-service-name-for-payments", "-tg")
    ('orders-api', 'a-very-long-service-name-for-tg')
    """
    head = base.replace("_", "-")[: max(0, 32 - len(suffix))].rstrip("-")
    return head + suffix


@check_arguments
def target_group(
    name: str,
    *,
    port: int,
    network_mode: NetworkMode | str | None,
    vpc_id: str,
    account: str,
    region: str,
    partition: str = "aws",
    protocol: Protocol = Protocol.HTTP,
    health_check_path: str = "/",
    health_check_matcher: str = "200",
    health_check: TargetGroupHealthCheck | None = None,
    deregistration_delay_seconds: int = 300,
    load_balancer_arns: Sequence[str] = (),
) -> TargetGroup:
    """A target group for tasks in ``network_mode``: target type ``ip`` for awsvpc (Fargate included),
    ``instance`` for bridge and host, so that ECS can register the tasks. Its ARN is the placeholder of
    :func:`target_group_arn`. ``health_check`` replaces the health check built from path and matcher.
    """
    check = health_check or TargetGroupHealthCheck(
        protocol=protocol, path=health_check_path, matcher=health_check_matcher
    )
    return TargetGroup(
        target_group_name=name,
        # For "none" there is nothing to register; keep ELB's default so that the check can report it.
        target_type=target_type_for(network_mode) or TargetType.INSTANCE,
        protocol=protocol,
        port=port,
        vpc_id=vpc_id,
        health_check=check,
        deregistration_delay_seconds=deregistration_delay_seconds,
        target_group_arn=target_group_arn(name, account=account, region=region, partition=partition),
        load_balancer_arns=tuple(load_balancer_arns),
    )


@check_arguments
def application_load_balancer(
    name: str,
    *,
    subnets: Sequence[str],
    security_groups: Sequence[str],
    account: str,
    region: str,
    partition: str = "aws",
    internal: bool = False,
) -> LoadBalancer:
    """An Application Load Balancer (internet-facing unless ``internal``) in ``subnets`` (public subnets, in at
    least two Availability Zones, for an internet-facing one)."""
    return LoadBalancer(
        load_balancer_name=name,
        type=LoadBalancerType.APPLICATION,
        scheme=LoadBalancerScheme.INTERNAL if internal else LoadBalancerScheme.INTERNET_FACING,
        subnets=tuple(subnets),
        security_groups=tuple(security_groups),
        load_balancer_arn=load_balancer_arn(name, account=account, region=region, partition=partition),
    )


@check_arguments
def listener(
    load_balancer: LoadBalancer, group: TargetGroup, *, certificate_arn: str | None = None, port: int | None = None
) -> Listener:
    """A listener forwarding to ``group``: HTTPS on 443 with ``certificate_arn``, HTTP on 80 without."""
    https = certificate_arn is not None
    return Listener(
        port=port if port is not None else (443 if https else 80),
        protocol=Protocol.HTTPS if https else Protocol.HTTP,
        default_target_group=group.target_group_name,
        certificates=(certificate_arn,) if certificate_arn is not None else (),
        load_balancer_arn=load_balancer.load_balancer_arn,
    )


@check_arguments
def load_balancer_security_group(name: str, *, vpc_id: str, ports: Sequence[int]) -> SecurityGroup:
    """The load balancer's security group: ``ports`` (its listeners') open to the internet. EC2's default egress
    rule (all traffic) is kept, so the load balancer reaches its targets."""
    rules = tuple(
        SecurityGroupRule(from_port=p, to_port=p, cidr=_ANYWHERE, description=f"listener port {p} from anywhere")
        for p in ports
    )
    return SecurityGroup(
        group_name=name,
        description=f"load balancer {name}",
        vpc_id=vpc_id,
        rules=rules,
        group_id=security_group_id(name, vpc_id=vpc_id),
    )


@check_arguments
def service_security_group(
    name: str,
    *,
    vpc_id: str,
    source: SecurityGroup,
    network_mode: NetworkMode | str | None,
    container_port: int,
    host_port: int | None = None,
) -> SecurityGroup:
    """The security group of the tasks (awsvpc) or of the container instances (bridge, host): admits only the
    load balancer's group, on the ports the load balancer sends to:

    * ``awsvpc``: the container port (each task has its own address);
    * ``bridge`` with a dynamic host port (``host_port`` 0 or None): the instance's ephemeral range
      (:data:`EPHEMERAL_PORT_RANGE`);
    * ``bridge`` with a fixed host port, and ``host``: the host port (the container port in host mode).

    In bridge and host mode tasks share their instance's network interface: attach this group to the container
    instances (their launch template), not to the service.
    """
    mode = str(network_mode) if network_mode is not None else "bridge"
    if mode == "awsvpc":
        low = high = container_port
    elif mode == "bridge" and not host_port:
        low, high = EPHEMERAL_PORT_RANGE
    else:
        low = high = host_port or container_port
    rule = SecurityGroupRule(
        from_port=low,
        to_port=high,
        source_security_group=source.group_id,
        description=f"from load balancer group {source.group_name}",
    )
    return SecurityGroup(
        group_name=name,
        description=f"tasks of {name} behind {source.group_name}",
        vpc_id=vpc_id,
        rules=(rule,),
        group_id=security_group_id(name, vpc_id=vpc_id),
    )


def _name_findings(path: str, kind: str, name: str) -> list[Finding]:
    if _ELB_NAME.match(name) and not name.lower().startswith("internal-"):
        return []
    return [
        error(
            "elb-name-format",
            path,
            f"{kind} name {name!r} is not 1-32 letters, digits and hyphens (no hyphen first or last, "
            "no 'internal-' prefix)",
            hint="use a shorter name of letters, digits and hyphens",
            docs=LOAD_BALANCER_DOCS,
        )
    ]


def _health_check_findings(path: str, check: TargetGroupHealthCheck) -> list[Finding]:
    found = []
    problems = []
    if not 5 <= check.interval_seconds <= 300:
        problems.append(f"interval {check.interval_seconds}s is not 5-300")
    if not 2 <= check.timeout_seconds <= 120 or check.timeout_seconds >= check.interval_seconds:
        problems.append(f"timeout {check.timeout_seconds}s is not 2-120 and below the interval")
    for label, count in (("healthy", check.healthy_threshold_count), ("unhealthy", check.unhealthy_threshold_count)):
        if not 2 <= count <= 10:
            problems.append(f"{label} threshold {count} is not 2-10")
    if check.protocol in (Protocol.HTTP, Protocol.HTTPS):
        if check.path is None or not check.path.startswith("/") or len(check.path) > 1024:
            problems.append(f"path {check.path!r} is not an absolute path of at most 1024 characters")
        if check.matcher is None or not _MATCHER.match(check.matcher):
            problems.append(f"matcher {check.matcher!r} is not HTTP codes such as '200', '200-299' or '200,302'")
    for problem in problems:
        found.append(
            error(
                "elb-health-check",
                path,
                f"target group health check: {problem}",
                hint="HealthCheckPath '/...', Matcher 200-499 codes, interval 5-300s, timeout 2-120s",
                docs=TARGET_GROUP_DOCS,
            )
        )
    return found


@check_arguments
def check_load_balancing(load_balancer: LoadBalancer, listener: Listener, group: TargetGroup) -> list[Finding]:
    """The builders' checks of a load balancer, its listener and target group.

    ELBv2 is outside the ECS validation catalog, so these findings carry the builders' own rule ids:
    ``elb-name-format``, ``elb-alb-subnets``, ``elb-subnet-id``, ``elb-listener-certificate``, ``elb-port`` and
    ``elb-health-check``.
    Whether the target type fits the tasks is checked by :meth:`ecskit.builders.ServiceBuilder.build`
    (:func:`target_type_findings`).
    """
    found = _name_findings("load_balancer.load_balancer_name", "load balancer", load_balancer.load_balancer_name)
    found += _name_findings("target_group.target_group_name", "target group", group.target_group_name)
    if load_balancer.type is LoadBalancerType.APPLICATION and len(set(load_balancer.subnets)) < 2:
        found.append(
            error(
                "elb-alb-subnets",
                "load_balancer.subnets",
                f"an Application Load Balancer needs subnets in at least two Availability Zones, got "
                f"{len(set(load_balancer.subnets))}",
                hint="give two or more public subnets, each in its own Availability Zone",
                docs=LOAD_BALANCER_DOCS,
            )
        )
    for index, subnet in enumerate(load_balancer.subnets):
        if not _SUBNET_ID.match(subnet):
            found.append(
                error(
                    "elb-subnet-id",
                    f"load_balancer.subnets[{index}]",
                    f"{subnet!r} is not a subnet ID",
                    hint="use subnet IDs such as subnet-0123456789abcdef0",
                    docs=LOAD_BALANCER_DOCS,
                )
            )
    secure = listener.protocol in (Protocol.HTTPS, Protocol.TLS)
    if secure != bool(listener.certificates):
        message = (
            f"an {listener.protocol} listener needs a certificate"
            if secure
            else f"an {listener.protocol} listener takes no certificate"
        )
        found.append(
            error(
                "elb-listener-certificate",
                "listener.certificates",
                message,
                hint="pass an ACM certificate ARN for HTTPS, none for HTTP",
                docs=LISTENER_DOCS,
            )
        )
    for path, port in (("listener.port", listener.port), ("target_group.port", group.port)):
        if not 1 <= port <= 65535:
            found.append(
                error(
                    "elb-port",
                    path,
                    f"port {port} is not 1-65535",
                    hint="use a TCP port number",
                    docs=LOAD_BALANCER_DOCS,
                )
            )
    found += _health_check_findings("target_group.health_check", group.health_check)
    return found
