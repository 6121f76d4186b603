"""Load balancer resources: deterministic identifiers, target types by network mode, security group ports, and
the builders' own ELB checks."""

from __future__ import annotations

import re

import pytest

from ecskit.builders.load_balancing import (
    EPHEMERAL_PORT_RANGE,
    application_load_balancer,
    check_load_balancing,
    elb_name,
    listener,
    load_balancer_arn,
    load_balancer_security_group,
    security_group_id,
    service_security_group,
    target_group,
    target_group_arn,
    target_type_findings,
    target_type_for,
)
from ecskit.models.ecs import NetworkMode
from ecskit.models.elbv2 import Listener, LoadBalancer, Protocol, TargetGroup, TargetGroupHealthCheck, TargetType

ACCOUNT, REGION = "123456789012", "eu-west-1"
VPC = "vpc-0123456789abcdef0"


def test_identifiers_are_deterministic_and_well_formed() -> None:
    tg = target_group_arn("web-tg", account=ACCOUNT, region=REGION)
    assert tg == target_group_arn("web-tg", account=ACCOUNT, region=REGION)
    assert re.fullmatch(r"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/[0-9a-f]{16}", tg)
    assert tg != target_group_arn("api-tg", account=ACCOUNT, region=REGION)
    lb = load_balancer_arn("web", partition="aws-cn", account=ACCOUNT, region=REGION)
    assert re.fullmatch(r"arn:aws-cn:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/[0-9a-f]{16}", lb)
    sg = security_group_id("web-lb", vpc_id=VPC)
    assert re.fullmatch(r"sg-[0-9a-f]{17}", sg)
    assert sg != security_group_id("web-lb", vpc_id="vpc-0fedcba9876543210")


@pytest.mark.parametrize(
    ("mode", "want"),
    [
        (NetworkMode.AWSVPC, TargetType.IP),
        (NetworkMode.BRIDGE, TargetType.INSTANCE),
        (NetworkMode.HOST, TargetType.INSTANCE),
        (None, TargetType.INSTANCE),
        (NetworkMode.NONE, None),
    ],
)
def test_target_type_for(mode: NetworkMode | None, want: TargetType | None) -> None:
    assert target_type_for(mode) is want


def test_target_group_fits_the_mode_and_carries_its_arn() -> None:
    group = target_group(
        "web-tg", port=8080, network_mode="awsvpc", vpc_id=VPC, health_check_path="/up", account=ACCOUNT, region=REGION
    )
    assert group.target_type is TargetType.IP
    assert group.port == 8080
    assert group.target_group_arn == target_group_arn("web-tg", account=ACCOUNT, region=REGION)
    assert group.health_check.path == "/up"
    assert target_type_findings(group, "awsvpc", "x") == []
    assert [f.rule for f in target_type_findings(group, "bridge", "x")] == ["lb-target-type"]
    assert [f.rule for f in target_type_findings(group, "none", "x")] == ["lb-target-type"]


@pytest.mark.parametrize(
    ("mode", "host_port", "ports"),
    [
        (NetworkMode.AWSVPC, None, (8080, 8080)),
        (NetworkMode.BRIDGE, None, EPHEMERAL_PORT_RANGE),
        (NetworkMode.BRIDGE, 0, EPHEMERAL_PORT_RANGE),
        (NetworkMode.BRIDGE, 8081, (8081, 8081)),
        (NetworkMode.HOST, None, (8080, 8080)),
    ],
)
def test_service_security_group_admits_the_load_balancer_on_the_right_ports(
    mode: NetworkMode, host_port: int | None, ports: tuple[int, int]
) -> None:
    lb_group = load_balancer_security_group("web-lb", vpc_id=VPC, ports=(80,))
    group = service_security_group(
        "web-tasks", vpc_id=VPC, source=lb_group, network_mode=mode, container_port=8080, host_port=host_port
    )
    (rule,) = group.rules
    assert (rule.from_port, rule.to_port) == ports
    assert rule.source_security_group == lb_group.group_id
    assert rule.cidr is None
    assert EPHEMERAL_PORT_RANGE == (32768, 65535)


def test_load_balancer_group_is_open_only_on_listener_ports() -> None:
    group = load_balancer_security_group("web-lb", vpc_id=VPC, ports=(443,))
    assert [(r.from_port, r.to_port, r.cidr, r.egress) for r in group.rules] == [(443, 443, "0.0.0.0/0", False)]


def _stack(
    *, subnets: tuple[str, ...] = ("subnet-0a000000", "subnet-0b000000"), certificate: str | None = None
) -> tuple[LoadBalancer, Listener, TargetGroup]:
    alb = application_load_balancer(
        "web", subnets=subnets, security_groups=("sg-0123456789abcdef0",), account=ACCOUNT, region=REGION
    )
    group = target_group("web-tg", port=80, network_mode="awsvpc", vpc_id=VPC, account=ACCOUNT, region=REGION)
    return alb, listener(alb, group, certificate_arn=certificate), group


def test_listener_http_or_https() -> None:
    _, plain, _ = _stack()
    _, secure, _ = _stack(certificate="arn:aws:acm:eu-west-1:123456789012:certificate/x")
    assert (plain.port, plain.protocol, plain.certificates) == (80, Protocol.HTTP, ())
    assert (secure.port, secure.protocol, secure.certificates) == (
        443,
        Protocol.HTTPS,
        ("arn:aws:acm:eu-west-1:123456789012:certificate/x",),
    )


def test_a_good_stack_has_no_findings() -> None:
    alb, front, group = _stack()
    assert check_load_balancing(alb, front, group) == []


def test_checks_find_each_problem() -> None:
    alb = application_load_balancer(
        "-bad-", subnets=("subnet-nope",), security_groups=(), account=ACCOUNT, region=REGION
    )
    group = TargetGroup(
        target_group_name="x" * 33,
        port=0,
        health_check=TargetGroupHealthCheck(
            interval_seconds=4, timeout_seconds=5, healthy_threshold_count=1, path="health", matcher="ok"
        ),
    )
    front = listener(alb, group)
    front = type(front)(port=443, protocol=Protocol.HTTPS, default_target_group="x")
    found = check_load_balancing(alb, front, group)
    messages = [f.message for f in found]
    assert {f.rule for f in found} == {
        "elb-name-format",
        "elb-alb-subnets",
        "elb-subnet-id",
        "elb-listener-certificate",
        "elb-port",
        "elb-health-check",
    }
    assert sum(f.rule == "elb-name-format" for f in found) == 2
    assert any("interval 4s" in m for m in messages)
    assert any("timeout 5s" in m for m in messages)
    assert any("healthy threshold 1" in m for m in messages)
    assert any("path 'health'" in m for m in messages)
    assert any("matcher 'ok'" in m for m in messages)


@pytest.mark.parametrize(
    ("base", "suffix", "want"),
    [
        ("web", "", "web"),
        ("orders_api", "-tg", "orders-api-tg"),
        ("a" * 40, "-tg", "a" * 29 + "-tg"),
        ("ab-", "", "ab"),
    ],
)
def test_elb_name(base: str, suffix: str, want: str) -> None:
    assert elb_name(base, suffix) == want
    assert len(elb_name(base, suffix)) <= 32
