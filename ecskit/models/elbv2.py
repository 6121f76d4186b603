"""The Elastic Load Balancing (v2) and security-group shapes an ECS service behind a load balancer meets.

These are ecskit's own summaries of ELBv2 and EC2 resources (not generated from botocore: ecskit models the ECS
and ECR APIs completely, and only the part of these that a load-balanced ECS service depends on). Names follow the
ELBv2 API (``TargetGroup``, ``TargetHealthDescription``...) in snake_case, and enum values are the API's strings,
so a reader of the ELBv2 docs finds what they know.

Where a field has an AWS default, the default here is the same
(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
"""

from __future__ import annotations

import enum

import attrs

from ecskit.models._base import Model

__all__ = [
    "Listener",
    "LoadBalancer",
    "LoadBalancerScheme",
    "LoadBalancerType",
    "Protocol",
    "SecurityGroup",
    "SecurityGroupRule",
    "TargetDescription",
    "TargetGroup",
    "TargetGroupHealthCheck",
    "TargetHealth",
    "TargetHealthDescription",
    "TargetHealthReason",
    "TargetHealthState",
    "TargetType",
]


class TargetType(enum.StrEnum):
    """How targets are addressed: ``instance`` (instance id + port) or ``ip`` (address + port)."""

    #: An EC2 instance id and a port: the type for ``bridge`` and ``host`` network modes.
    INSTANCE = "instance"
    #: A private IP address and a port: the only type for ``awsvpc`` tasks (Fargate included).
    IP = "ip"
    #: A Lambda function (not used by ECS).
    LAMBDA = "lambda"
    #: An Application Load Balancer behind a Network Load Balancer (not used by ECS).
    ALB = "alb"


class Protocol(enum.StrEnum):
    """The protocol of a listener, a target group or its health check."""

    #: HTTP (Application Load Balancer).
    HTTP = "HTTP"
    #: HTTPS (Application Load Balancer).
    HTTPS = "HTTPS"
    #: TCP (Network Load Balancer).
    TCP = "TCP"
    #: TLS (Network Load Balancer).
    TLS = "TLS"
    #: UDP (Network Load Balancer).
    UDP = "UDP"
    #: TCP and UDP on the same port (Network Load Balancer).
    TCP_UDP = "TCP_UDP"
    #: GENEVE (Gateway Load Balancer).
    GENEVE = "GENEVE"


class LoadBalancerType(enum.StrEnum):
    """The kind of load balancer."""

    #: Application Load Balancer (HTTP/HTTPS, path and host routing).
    APPLICATION = "application"
    #: Network Load Balancer (TCP/UDP/TLS).
    NETWORK = "network"
    #: Gateway Load Balancer.
    GATEWAY = "gateway"


class LoadBalancerScheme(enum.StrEnum):
    """Whether a load balancer has public addresses."""

    #: Reachable from the internet (its subnets need a route to an internet gateway).
    INTERNET_FACING = "internet-facing"
    #: Reachable only from inside the VPC.
    INTERNAL = "internal"


class TargetHealthState(enum.StrEnum):
    """The health of one registered target, as DescribeTargetHealth reports it."""

    #: Registered; the first health checks have not passed yet.
    INITIAL = "initial"
    #: Passed ``healthy_threshold_count`` checks in a row: receives traffic.
    HEALTHY = "healthy"
    #: Failed ``unhealthy_threshold_count`` checks in a row.
    UNHEALTHY = "unhealthy"
    #: Not in use (for example, its target group has no load balancer).
    UNUSED = "unused"
    #: Deregistering: connections drain for the deregistration delay.
    DRAINING = "draining"
    #: Health checks are disabled.
    UNAVAILABLE = "unavailable"


class TargetHealthReason(enum.StrEnum):
    """Why a target is not healthy (the ``Reason`` codes of DescribeTargetHealth)."""

    #: Registration is in progress.
    REGISTRATION_IN_PROGRESS = "Elb.RegistrationInProgress"
    #: The first health checks are in progress.
    INITIAL_HEALTH_CHECKING = "Elb.InitialHealthChecking"
    #: The target answered with a code the matcher does not accept.
    RESPONSE_CODE_MISMATCH = "Target.ResponseCodeMismatch"
    #: The health check timed out.
    TIMEOUT = "Target.Timeout"
    #: The health check failed.
    FAILED_HEALTH_CHECKS = "Target.FailedHealthChecks"
    #: The target is deregistering.
    DEREGISTRATION_IN_PROGRESS = "Target.DeregistrationInProgress"
    #: The target group is not used by any load balancer.
    NOT_IN_USE = "Target.NotInUse"


@attrs.frozen(kw_only=True, repr=False, slots=False)
class TargetGroupHealthCheck(Model):
    """How a load balancer checks its targets; the defaults are ELBv2's for an HTTP target group."""

    #: ``HealthCheckProtocol``.
    protocol: Protocol = Protocol.HTTP
    #: ``HealthCheckPort``: ``"traffic-port"`` (the port the target was registered with) or a port number.
    port: str = "traffic-port"
    #: ``HealthCheckPath`` (HTTP/HTTPS only).
    path: str | None = "/"
    #: ``HealthCheckIntervalSeconds``: 5-300.
    interval_seconds: int = 30
    #: ``HealthCheckTimeoutSeconds``: 2-120, less than the interval.
    timeout_seconds: int = 5
    #: ``HealthyThresholdCount``: checks in a row to become healthy, 2-10.
    healthy_threshold_count: int = 5
    #: ``UnhealthyThresholdCount``: checks in a row to become unhealthy, 2-10.
    unhealthy_threshold_count: int = 2
    #: ``Matcher.HttpCode``: the HTTP codes that count as healthy (``"200"``, ``"200-299"``, ``"200,302"``).
    matcher: str | None = "200"


@attrs.frozen(kw_only=True, repr=False, slots=False)
class TargetGroup(Model):
    """A target group: where a listener sends requests, and what an ECS service registers its tasks in."""

    #: ``TargetGroupName``: 1-32 alphanumerics or hyphens.
    target_group_name: str
    #: ``TargetType``: ``ip`` for awsvpc tasks, ``instance`` for bridge and host.
    target_type: TargetType = TargetType.INSTANCE
    #: ``Protocol``.
    protocol: Protocol = Protocol.HTTP
    #: ``Port``: the default port of targets (ECS registers each task with its own port).
    port: int = 80
    #: ``VpcId``.
    vpc_id: str | None = None
    #: The health check.
    health_check: TargetGroupHealthCheck = TargetGroupHealthCheck()
    #: ``deregistration_delay.timeout_seconds``: how long a deregistering target drains (0-3600, default 300).
    deregistration_delay_seconds: int = 300
    #: ``TargetGroupArn``: set by the service.
    target_group_arn: str | None = None
    #: ``LoadBalancerArns``: the load balancers whose listeners forward to this group.
    load_balancer_arns: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, repr=False, slots=False)
class LoadBalancer(Model):
    """A load balancer."""

    #: ``Name``: 1-32 alphanumerics or hyphens.
    load_balancer_name: str
    #: ``Type``.
    type: LoadBalancerType = LoadBalancerType.APPLICATION
    #: ``Scheme``.
    scheme: LoadBalancerScheme = LoadBalancerScheme.INTERNET_FACING
    #: ``Subnets``: at least two, in different Availability Zones, for an Application Load Balancer.
    subnets: tuple[str, ...] = ()
    #: ``SecurityGroups``: ids or (before creation) names of the groups of the load balancer.
    security_groups: tuple[str, ...] = ()
    #: ``LoadBalancerArn``: set by the service.
    load_balancer_arn: str | None = None
    #: ``DNSName``: set by the service.
    dns_name: str | None = None


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Listener(Model):
    """A listener: a port and protocol on a load balancer, forwarding to a target group."""

    #: ``Port``.
    port: int
    #: ``Protocol``.
    protocol: Protocol = Protocol.HTTP
    #: The name of the target group the default action forwards to.
    default_target_group: str
    #: ``Certificates``: certificate ARNs (HTTPS and TLS listeners need one).
    certificates: tuple[str, ...] = ()
    #: ``LoadBalancerArn``: set by the service.
    load_balancer_arn: str | None = None
    #: ``ListenerArn``: set by the service.
    listener_arn: str | None = None


@attrs.frozen(kw_only=True, repr=False, slots=False)
class TargetDescription(Model):
    """One target: an instance id or an IP address, and the port traffic goes to."""

    #: ``Id``: an EC2 instance id (``instance`` targets) or a private IP address (``ip`` targets).
    id: str
    #: ``Port``.
    port: int | None = None
    #: ``AvailabilityZone``.
    availability_zone: str | None = None


@attrs.frozen(kw_only=True, repr=False, slots=False)
class TargetHealth(Model):
    """The health of a target."""

    #: ``State``.
    state: TargetHealthState
    #: ``Reason``: why it is not healthy.
    reason: TargetHealthReason | None = None
    #: ``Description``: the reason in words.
    description: str | None = None


@attrs.frozen(kw_only=True, repr=False, slots=False)
class TargetHealthDescription(Model):
    """One entry of DescribeTargetHealth: a target and its health."""

    #: ``Target``.
    target: TargetDescription
    #: ``HealthCheckPort``: the port health checks go to.
    health_check_port: str | None = None
    #: ``TargetHealth``.
    target_health: TargetHealth


@attrs.frozen(kw_only=True, repr=False, slots=False)
class SecurityGroupRule(Model):
    """One ingress or egress rule of a security group."""

    #: ``IpProtocol``: ``"tcp"``, ``"udp"``, ``"icmp"`` or ``"-1"`` (all).
    protocol: str = "tcp"
    #: ``FromPort``: the first port of the range.
    from_port: int
    #: ``ToPort``: the last port of the range (equal to ``from_port`` for one port).
    to_port: int
    #: ``CidrIp``: the IPv4 range the rule admits (or, for egress, reaches).
    cidr: str | None = None
    #: ``ReferencedGroupId``: the security group (id or builder name) the rule admits instead of a range.
    source_security_group: str | None = None
    #: ``Description``.
    description: str | None = None
    #: ``True`` for an egress rule, ``False`` for ingress.
    egress: bool = False


@attrs.frozen(kw_only=True, repr=False, slots=False)
class SecurityGroup(Model):
    """A security group and its rules."""

    #: ``GroupName``.
    group_name: str
    #: ``Description`` (EC2 requires one).
    description: str
    #: ``VpcId``.
    vpc_id: str | None = None
    #: Ingress and egress rules.
    rules: tuple[SecurityGroupRule, ...] = ()
    #: ``GroupId``: set by the service.
    group_id: str | None = None
