"""FakeBackend: services behind a load balancer (target registration, health, draining, rolling deployments)."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend, Faults
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    CreateServiceRequest,
    DescribeServicesRequest,
    DesiredStatus,
    ListTasksRequest,
    Service,
    UpdateServiceRequest,
)
from ecskit.models.elbv2 import (
    Listener,
    LoadBalancer,
    TargetGroup,
    TargetGroupHealthCheck,
    TargetHealthDescription,
    TargetHealthState,
    TargetType,
)
from tests.support.fake_ecs import awsvpc, cluster, container, describe, ec2_id, fargate_taskdef, register, taskdef

CHECK = TargetGroupHealthCheck(interval_seconds=10, healthy_threshold_count=3, unhealthy_threshold_count=2)


def _balanced(fake: FakeBackend, target_type: TargetType, *, delay: int = 30) -> str:
    lb = fake.create_load_balancer(LoadBalancer(load_balancer_name="web", subnets=("subnet-a", "subnet-b")))
    group = fake.create_target_group(
        TargetGroup(
            target_group_name="web",
            target_type=target_type,
            health_check=CHECK,
            deregistration_delay_seconds=delay,
        )
    )
    fake.create_listener(Listener(port=80, default_target_group="web"), load_balancer_arn=lb.load_balancer_arn or "")
    return group.target_group_arn or ""


def _service(fake: FakeBackend, td: str, group: str, **members: Any) -> Service:
    doc = {
        "cluster": "web",
        "serviceName": "web",
        "taskDefinition": td,
        "desiredCount": 2,
        "loadBalancers": [{"targetGroupArn": group, "containerName": "app", "containerPort": 80}],
        **members,
    }
    service = fake.create_service(from_api(doc, CreateServiceRequest)).service
    assert service is not None
    return service


def _health(fake: FakeBackend, group: str) -> list[TargetHealthDescription]:
    return list(fake.describe_target_health(group))


def _states(fake: FakeBackend, group: str) -> list[TargetHealthState]:
    return sorted(d.target_health.state for d in _health(fake, group))


def _bridge_fake(faults: Faults | None = None) -> tuple[FakeBackend, str, str]:
    fake = FakeBackend(faults=faults)
    cluster(fake)
    for n in range(2):
        register(fake, "web", n)
    td = taskdef(fake, "web", container(portMappings=[{"containerPort": 80, "hostPort": 0}]))
    return fake, td, _balanced(fake, TargetType.INSTANCE)


def test_fargate_tasks_register_their_ip_and_become_healthy_after_the_threshold() -> None:
    fake = FakeBackend()
    cluster(fake)
    td = fargate_taskdef(fake, "fg", container(portMappings=[{"containerPort": 80}]))
    group = _balanced(fake, TargetType.IP)
    _service(fake, td, group, launchType="FARGATE", networkConfiguration=awsvpc())
    fake.advance(20)  # RUNNING: registered, first checks in progress
    assert _states(fake, group) == [TargetHealthState.INITIAL] * 2
    tasks = describe(fake, "web", *fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ())
    ips = {
        c.network_interfaces[0].private_ipv4_address for t in tasks for c in t.containers or () if c.network_interfaces
    }
    assert {(d.target.id, d.target.port) for d in _health(fake, group)} == {(ip, 80) for ip in ips}
    fake.advance(3 * 10)  # healthy_threshold_count x interval
    assert _states(fake, group) == [TargetHealthState.HEALTHY] * 2


def test_bridge_tasks_register_the_instance_and_their_dynamic_port() -> None:
    fake, td, group = _bridge_fake()
    _service(fake, td, group, launchType="EC2")
    fake.advance(60)
    targets = {(d.target.id, d.target.port) for d in _health(fake, group)}
    tasks = describe(fake, "web", *fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ())
    ports = {b.host_port or 0 for t in tasks for c in t.containers or () for b in c.network_bindings or ()}
    assert {port for _, port in targets} == ports
    assert all(port >= 32768 for port in ports)
    assert {instance for instance, _ in targets} <= {ec2_id(0), ec2_id(1)}
    assert _states(fake, group) == [TargetHealthState.HEALTHY] * 2


def test_service_becomes_steady_only_when_its_targets_are_healthy() -> None:
    fake, td, group = _bridge_fake()
    _service(fake, td, group, launchType="EC2")
    fake.advance(15)  # tasks RUNNING, targets still initial
    messages = [e.message for e in _get(fake).events or ()]
    assert not any("steady state" in (m or "") for m in messages)
    fake.advance(40)
    messages = [e.message for e in _get(fake).events or ()]
    assert any("steady state" in (m or "") for m in messages)


def _get(fake: FakeBackend) -> Service:
    return (fake.describe_services(DescribeServicesRequest(cluster="web", services=("web",))).services or ())[0]


@pytest.mark.parametrize(
    ("family", "target_type", "mode"),
    [("fg", TargetType.INSTANCE, "awsvpc"), ("web", TargetType.IP, "bridge")],
)
def test_a_target_type_the_network_mode_cannot_register_is_refused(
    family: str, target_type: TargetType, mode: str
) -> None:
    fake = FakeBackend()
    cluster(fake)
    if mode == "awsvpc":
        td = fargate_taskdef(fake, family, container(portMappings=[{"containerPort": 80}]))
        members: dict[str, Any] = {"launchType": "FARGATE", "networkConfiguration": awsvpc()}
    else:
        td = taskdef(fake, family, container(portMappings=[{"containerPort": 80}]))
        members = {"launchType": "EC2"}
    group = _balanced(fake, target_type)
    with pytest.raises(
        InvalidRequestError, match=f"has target type {target_type}, which is incompatible with the {mode}"
    ):
        _service(fake, td, group, **members)


def test_a_target_group_without_a_load_balancer_is_refused() -> None:
    fake = FakeBackend()
    cluster(fake)
    td = taskdef(fake, "web", container(portMappings=[{"containerPort": 80}]))
    group = fake.create_target_group(TargetGroup(target_group_name="alone")).target_group_arn or ""
    with pytest.raises(InvalidRequestError, match="does not have an associated load balancer"):
        _service(fake, td, group, launchType="EC2")


def test_a_stopped_task_drains_for_the_deregistration_delay_while_deactivating() -> None:
    fake, td, group = _bridge_fake()
    _service(fake, td, group, launchType="EC2", desiredCount=1)
    fake.advance(60)
    fake.update_service(UpdateServiceRequest(cluster="web", service="web", desired_count=0))
    fake.advance(5)
    assert _states(fake, group) == [TargetHealthState.DRAINING]
    stopped = fake.list_tasks(ListTasksRequest(cluster="web", desired_status=DesiredStatus.STOPPED)).task_arns or ()
    assert [t.last_status for t in describe(fake, "web", *stopped)] == ["DEACTIVATING"]
    fake.advance(25)  # still draining (30 s)
    assert [t.last_status for t in describe(fake, "web", *stopped)] == ["DEACTIVATING"]
    fake.advance(10)
    assert _health(fake, group) == []
    fake.advance(60)
    assert [t.last_status for t in describe(fake, "web", *stopped)] == ["STOPPED"]


def test_a_target_failing_the_load_balancer_check_is_replaced() -> None:
    fake, td, group = _bridge_fake(Faults().unhealthy("nginx:1.27", times=1))
    _service(fake, td, group, launchType="EC2", desiredCount=1)
    fake.advance(15 + 2 * 10)  # RUNNING, then unhealthy_threshold_count failed checks
    reasons = {
        t.stopped_reason
        for t in describe(
            fake,
            "web",
            *fake.list_tasks(ListTasksRequest(cluster="web", desired_status=DesiredStatus.STOPPED)).task_arns or (),
        )
    }
    assert reasons == {f"Task failed ELB health checks in (target-group {group})"}
    fake.advance(120)
    assert _states(fake, group) == [TargetHealthState.HEALTHY]


def test_rolling_deployment_keeps_healthy_targets_at_the_minimum() -> None:
    fake, td, group = _bridge_fake()
    config = {"minimumHealthyPercent": 100, "maximumPercent": 200}
    _service(fake, td, group, launchType="EC2", desiredCount=2, deploymentConfiguration=config)
    fake.advance(60)
    new = taskdef(fake, "web", container(image="nginx:1.28", portMappings=[{"containerPort": 80, "hostPort": 0}]))
    fake.update_service(UpdateServiceRequest(cluster="web", service="web", task_definition=new))
    lowest = 2
    for _ in range(300):
        fake.advance(1)
        healthy = _states(fake, group).count(TargetHealthState.HEALTHY)
        lowest = min(lowest, healthy)
    assert lowest >= 2
    service = _get(fake)
    assert [d.status for d in service.deployments or ()] == ["PRIMARY"]
    assert _states(fake, group) == [TargetHealthState.HEALTHY] * 2


def test_targets_survive_save_and_restore() -> None:
    fake, td, group = _bridge_fake()
    _service(fake, td, group, launchType="EC2")
    fake.advance(25)
    restored = FakeBackend.restore(fake.save())
    assert restored.save() == fake.save()
    restored.advance(30)
    fake.advance(30)
    assert _health(restored, group) == _health(fake, group)


def test_declaring_bad_resources_says_what_is_wrong() -> None:
    fake = FakeBackend()
    with pytest.raises(ValueError, match="1-32 letters"):
        fake.create_target_group(TargetGroup(target_group_name="x" * 33))
    with pytest.raises(ValueError, match="not declared on the fake"):
        fake.create_listener(Listener(port=80, default_target_group="web"), load_balancer_arn="arn:aws:nope")
    with pytest.raises(ValueError, match="not declared on the fake"):
        fake.describe_target_health("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0")
