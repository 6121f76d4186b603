"""Service builders: defaults, capacity, networking, load balancers, deployments and placement; build() validates
against the task definition."""

from __future__ import annotations

import pytest

from ecskit.builders import container, service, spot_with_on_demand_base, task_definition
from ecskit.builders.load_balancing import target_group
from ecskit.errors import ValidationError
from ecskit.models.ecs import (
    AssignPublicIp,
    Cluster,
    LaunchType,
    NetworkMode,
    PlacementConstraintType,
    PlacementStrategyType,
    PropagateTags,
    RegisterTaskDefinitionRequest,
    SchedulingStrategy,
)
from ecskit.models.elbv2 import TargetGroup, TargetType
from ecskit.validation import Report, validate_service

EXEC = "arn:aws:iam::123456789012:role/exec"
SUBNETS = ("subnet-0123456789abcdef0",)
GROUPS = ("sg-0123456789abcdef0",)


def tg(mode: NetworkMode | str, port: int = 8080) -> TargetGroup:
    return target_group(
        "web-tg",
        port=port,
        network_mode=mode,
        vpc_id="vpc-0123456789abcdef0",
        account="123456789012",
        region="us-east-1",
    )


def fargate_td() -> RegisterTaskDefinitionRequest:
    app = container("app", "nginx").port(8080)
    return task_definition("web").fargate().container(app).execution_role(EXEC).build()


def ec2_td(mode: NetworkMode = NetworkMode.BRIDGE) -> RegisterTaskDefinitionRequest:
    app = container("app", "nginx").port(8080)
    return task_definition("web").ec2(network_mode=mode, memory=512).container(app).build()


def rules(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    report = exc.value.report
    assert isinstance(report, Report)
    return {f.rule for f in report.errors}


def test_defaults_follow_the_task_definition() -> None:
    svc = service("web", fargate_td(), cluster="prod").awsvpc(SUBNETS, GROUPS).build()
    assert svc.launch_type is LaunchType.FARGATE
    assert svc.task_definition == "web"
    assert svc.desired_count == 1
    config = svc.deployment_configuration
    assert config is not None
    assert config.deployment_circuit_breaker is not None
    assert (config.deployment_circuit_breaker.enable, config.deployment_circuit_breaker.rollback) == (True, True)
    assert (config.maximum_percent, config.minimum_healthy_percent) == (200, 100)
    assert svc.network_configuration is not None
    vpc = svc.network_configuration.awsvpc_configuration
    assert vpc is not None
    assert vpc.assign_public_ip is AssignPublicIp.DISABLED


def test_a_builder_is_built_and_validated_when_given() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", task_definition("web").fargate())
    assert "td-containers-nonempty" in rules(exc)


def test_fargate_service_without_network_configuration_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", fargate_td()).build()
    assert "launch-netcfg-required-awsvpc" in rules(exc)


def test_bridge_service_with_network_configuration_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", ec2_td()).awsvpc(SUBNETS, GROUPS).build()
    assert "launch-netcfg-forbidden-other" in rules(exc)


def test_public_ip_on_ec2_awsvpc_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", ec2_td(NetworkMode.AWSVPC)).awsvpc(SUBNETS, GROUPS, assign_public_ip=True).build()
    assert "launch-assign-public-ip" in rules(exc)


def test_capacity_providers_replace_the_launch_type_and_back() -> None:
    spot = service("web", fargate_td()).awsvpc(SUBNETS, GROUPS).capacity_providers(*spot_with_on_demand_base())
    built = spot.build()
    assert built.launch_type is None
    assert [i.capacity_provider for i in built.capacity_provider_strategy or ()] == ["FARGATE", "FARGATE_SPOT"]
    back = spot.fargate(platform_version="1.4.0").build()
    assert (back.launch_type, back.capacity_provider_strategy, back.platform_version) == (
        LaunchType.FARGATE,
        None,
        "1.4.0",
    )


def test_strategy_checked_against_the_cluster() -> None:
    builder = service("web", fargate_td()).awsvpc(SUBNETS, GROUPS).capacity_providers(*spot_with_on_demand_base())
    cluster = Cluster(cluster_name="prod", capacity_providers=("FARGATE",))
    with pytest.raises(ValidationError) as exc:
        builder.build(cluster=cluster)
    assert "cps-associated" in rules(exc)


@pytest.mark.parametrize(
    ("mode", "target_type"),
    [
        (NetworkMode.AWSVPC, TargetType.IP),
        (NetworkMode.BRIDGE, TargetType.INSTANCE),
        (NetworkMode.HOST, TargetType.INSTANCE),
    ],
)
def test_load_balancer_with_a_fitting_target_group(mode: NetworkMode, target_type: TargetType) -> None:
    td = ec2_td(mode)
    group = tg(mode, 8080)
    assert group.target_type is target_type
    builder = service("web", td).load_balancer(group, container="app", port=8080)
    if mode is NetworkMode.AWSVPC:
        builder = builder.awsvpc(SUBNETS, GROUPS)
    svc = builder.build()
    assert svc.load_balancers is not None
    assert svc.load_balancers[0].target_group_arn == group.target_group_arn
    assert svc.health_check_grace_period_seconds == 60


@pytest.mark.parametrize(
    ("mode", "wrong"),
    [(NetworkMode.AWSVPC, TargetType.INSTANCE), (NetworkMode.BRIDGE, TargetType.IP), (NetworkMode.HOST, TargetType.IP)],
)
def test_load_balancer_with_the_wrong_target_type_fails(mode: NetworkMode, wrong: TargetType) -> None:
    group = tg(mode, 8080)
    wrong_group = type(group)(
        target_group_name=group.target_group_name, target_type=wrong, target_group_arn=group.target_group_arn
    )
    builder = service("web", ec2_td(mode)).load_balancer(wrong_group, container="app", port=8080)
    if mode is NetworkMode.AWSVPC:
        builder = builder.awsvpc(SUBNETS, GROUPS)
    with pytest.raises(ValidationError, match=f"has target type {wrong}; {mode} tasks need") as exc:
        builder.build()
    assert rules(exc) == {"lb-target-type"}


def test_target_group_without_arn_fails_and_an_arn_string_is_accepted() -> None:
    group = tg("bridge", 8080)
    nameless = type(group)(target_group_name="web-tg", target_type=TargetType.INSTANCE)
    with pytest.raises(ValidationError) as exc:
        service("web", ec2_td()).load_balancer(nameless, container="app", port=8080).build()
    assert "lb-target-group-arn" in rules(exc)
    arn = group.target_group_arn
    assert arn is not None
    svc = service("web", ec2_td()).load_balancer(arn, container="app", port=8080, grace_period=30).build()
    assert svc.health_check_grace_period_seconds == 30


def test_load_balancer_on_a_port_the_container_does_not_map_fails() -> None:
    group = tg("bridge", 9999)
    with pytest.raises(ValidationError) as exc:
        service("web", ec2_td()).load_balancer(group, container="app", port=9999).build()
    assert "lb-container-port-exists" in rules(exc)


def test_deployment_and_daemon() -> None:
    svc = service("web", ec2_td(), desired_count=4).deployment(minimum_healthy_percent=50, rollback=False).build()
    config = svc.deployment_configuration
    assert config is not None
    assert config.minimum_healthy_percent == 50
    assert config.deployment_circuit_breaker is not None
    assert config.deployment_circuit_breaker.rollback is False
    daemon = service("agent", ec2_td()).daemon().build()
    assert daemon.scheduling_strategy is SchedulingStrategy.DAEMON
    assert daemon.desired_count is None
    assert daemon.deployment_configuration is not None
    assert daemon.deployment_configuration.maximum_percent == 100


def test_deployment_that_cannot_progress_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", ec2_td(), desired_count=1).deployment(maximum_percent=100, minimum_healthy_percent=100).build()
    assert "deploy-can-progress" in rules(exc)


def test_placement() -> None:
    svc = (
        service("web", ec2_td(), desired_count=3)
        .spread()
        .spread("instanceId")
        .binpack("cpu")
        .distinct_instance()
        .member_of("attribute:ecs.instance-type =~ m5.*")
        .build()
    )
    assert [(s.type, s.field) for s in svc.placement_strategy or ()] == [
        (PlacementStrategyType.SPREAD, "attribute:ecs.availability-zone"),
        (PlacementStrategyType.SPREAD, "instanceId"),
        (PlacementStrategyType.BINPACK, "cpu"),
    ]
    assert [c.type for c in svc.placement_constraints or ()] == [
        PlacementConstraintType.DISTINCT_INSTANCE,
        PlacementConstraintType.MEMBER_OF,
    ]
    assert service("web", ec2_td()).random().build().placement_strategy is not None


def test_placement_on_fargate_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", fargate_td()).awsvpc(SUBNETS, GROUPS).spread().build()
    assert "placement-fargate" in rules(exc)


def test_exec_needs_a_task_role() -> None:
    with pytest.raises(ValidationError) as exc:
        service("web", fargate_td()).awsvpc(SUBNETS, GROUPS).execute_command().build()
    assert "launch-exec-command" in rules(exc)


def test_tags_count_launch_type_none_and_draft() -> None:
    builder = (
        service("web", ec2_td())
        .tags({"team": "web"}, propagate=PropagateTags.SERVICE)
        .desired_count(3)
        .launch_type(None)
        .grace_period(None)
    )
    svc = builder.build()
    assert [(t.key, t.value) for t in svc.tags or ()] == [("team", "web")]
    assert (svc.propagate_tags, svc.desired_count, svc.launch_type) == (PropagateTags.SERVICE, 3, None)
    assert builder.draft() == svc
    assert not validate_service(svc, task_definition=ec2_td()).errors
