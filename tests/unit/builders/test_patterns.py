"""Patterns: every output validates clean, the resources refer to each other, and impossible combinations raise
ValidationError with the rule's message."""

from __future__ import annotations

import re

import pytest

from ecskit.builders import container
from ecskit.builders.load_balancing import EPHEMERAL_PORT_RANGE, check_load_balancing, target_type_for
from ecskit.builders.patterns import (
    LoadBalancedService,
    OneOffTask,
    load_balanced_service,
    one_off_task,
    queue_worker,
)
from ecskit.errors import ValidationError
from ecskit.iam import Decision, evaluate_role, required_permissions, role_arn
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    LaunchType,
    NetworkMode,
)
from ecskit.models.elbv2 import Protocol, TargetType
from ecskit.models.iam import Effect, Statement
from ecskit.validation import Report, validate_run_task, validate_service, validate_task_definition

ACCOUNT = "123456789012"
REGION = "us-east-1"
VPC = "vpc-0123456789abcdef0"
PUBLIC = ("subnet-0a000000", "subnet-0b000000")
PRIVATE = ("subnet-0c000000", "subnet-0d000000")
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def web(
    *,
    launch_type: LaunchType = LaunchType.FARGATE,
    network_mode: NetworkMode | None = None,
    port: int = 8080,
    host_port: int | None = None,
    public: tuple[str, ...] = PUBLIC,
    cpu: int | str = "0.5 vCPU",
    memory: int | str = "1GB",
    assign_public_ip: bool = False,
    certificate_arn: str | None = None,
    health_check_path: str = "/health",
    account: str = ACCOUNT,
    enable_execute_command: bool = False,
) -> LoadBalancedService:
    return load_balanced_service(
        "web",
        image=IMAGE,
        port=port,
        account=account,
        region=REGION,
        vpc_id=VPC,
        public_subnets=public,
        private_subnets=PRIVATE,
        launch_type=launch_type,
        network_mode=network_mode,
        host_port=host_port,
        cpu=cpu,
        memory=memory,
        assign_public_ip=assign_public_ip,
        certificate_arn=certificate_arn,
        health_check_path=health_check_path,
        secrets={"DB_PASSWORD": SECRET},
        enable_execute_command=enable_execute_command,
    )


def rules(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    report = exc.value.report
    assert isinstance(report, Report)
    return {f.rule for f in report.errors}


def assert_clean(result: LoadBalancedService) -> None:
    """Every part validates with no error, and the parts refer to each other."""
    td, svc = result.task_definition, result.service
    assert validate_task_definition(td).errors == ()
    assert validate_service(svc, task_definition=td).errors == ()
    assert check_load_balancing(result.load_balancer, result.listener, result.target_group) == []
    (entry,) = svc.load_balancers or ()
    assert entry.target_group_arn == result.target_group.target_group_arn
    assert (entry.container_name, entry.container_port) == ("web", result.target_group.port)
    assert result.target_group.load_balancer_arns == (result.load_balancer.load_balancer_arn,)
    assert result.target_group.target_type is target_type_for(td.network_mode)
    assert result.listener.default_target_group == result.target_group.target_group_name
    assert result.listener.load_balancer_arn == result.load_balancer.load_balancer_arn
    assert result.load_balancer.security_groups == (result.load_balancer_security_group.group_id,)
    assert svc.health_check_grace_period_seconds == 60
    assert td.execution_role_arn == role_arn(result.execution_role, ACCOUNT)
    assert td.task_role_arn == role_arn(result.task_role, ACCOUNT)
    (rule,) = result.service_security_group.rules
    assert rule.source_security_group == result.load_balancer_security_group.group_id
    assert rule.cidr is None


def test_fargate_web_service() -> None:
    result = web()
    assert_clean(result)
    td, svc = result.task_definition, result.service
    assert (td.cpu, td.memory, td.network_mode) == ("512", "1024", NetworkMode.AWSVPC)
    assert result.target_group.target_type is TargetType.IP
    assert result.target_group.port == 8080
    assert result.target_group.health_check.path == "/health"
    assert re.fullmatch(
        r"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/[0-9a-f]{16}",
        result.target_group.target_group_arn or "",
    )
    assert re.fullmatch(
        r"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/[0-9a-f]{16}",
        result.load_balancer.load_balancer_arn or "",
    )
    assert result.load_balancer.subnets == PUBLIC
    assert str(result.load_balancer.scheme) == "internet-facing"
    assert (result.listener.port, result.listener.protocol) == (80, Protocol.HTTP)
    assert [(r.from_port, r.to_port, r.cidr) for r in result.load_balancer_security_group.rules] == [
        (80, 80, "0.0.0.0/0")
    ]
    assert [(r.from_port, r.to_port) for r in result.service_security_group.rules] == [(8080, 8080)]
    assert svc.network_configuration is not None
    vpc = svc.network_configuration.awsvpc_configuration
    assert vpc is not None
    assert vpc.subnets == PRIVATE
    assert vpc.security_groups == (result.service_security_group.group_id,)
    # The port mapping has no host port: awsvpc uses the container port.
    assert [(pm.container_port, pm.host_port) for pm in td.container_definitions[0].port_mappings or ()] == [
        (8080, None)
    ]


def test_execution_role_grants_exactly_what_the_task_definition_needs() -> None:
    result = web()
    needed = required_permissions(result.task_definition, account=ACCOUNT, region=REGION)
    assert any(p.action == "secretsmanager:GetSecretValue" for p in needed)
    for permission in needed:
        role = result.execution_role if permission.role == "execution" else result.task_role
        assert evaluate_role(role, permission.action, permission.resource).decision is Decision.ALLOWED
    other_secret = SECRET.replace("db-AbCdEf", "other-XyZxYz")
    assert not evaluate_role(result.execution_role, "secretsmanager:GetSecretValue", other_secret).allowed


def test_https_listener() -> None:
    result = web(certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/abc")
    assert_clean(result)
    assert (result.listener.port, result.listener.protocol) == (443, Protocol.HTTPS)
    assert [(r.from_port, r.to_port) for r in result.load_balancer_security_group.rules] == [(443, 443)]


@pytest.mark.parametrize(
    ("mode", "host_port", "ports", "target_type"),
    [
        (None, None, EPHEMERAL_PORT_RANGE, TargetType.INSTANCE),
        (NetworkMode.BRIDGE, 8081, (8081, 8081), TargetType.INSTANCE),
        (NetworkMode.HOST, None, (8080, 8080), TargetType.INSTANCE),
        (NetworkMode.AWSVPC, None, (8080, 8080), TargetType.IP),
    ],
)
def test_ec2_modes(
    mode: NetworkMode | None, host_port: int | None, ports: tuple[int, int], target_type: TargetType
) -> None:
    result = web(launch_type=LaunchType.EC2, network_mode=mode, host_port=host_port, cpu=512, memory=512)
    assert_clean(result)
    assert result.target_group.target_type is target_type
    assert [(r.from_port, r.to_port) for r in result.service_security_group.rules] == [ports]
    svc = result.service
    assert svc.launch_type is LaunchType.EC2
    assert (svc.network_configuration is not None) is (mode is NetworkMode.AWSVPC)
    expected_name = "web-tasks" if mode is NetworkMode.AWSVPC else "web-instances"
    assert result.service_security_group.group_name == expected_name
    mapping = (result.task_definition.container_definitions[0].port_mappings or ())[0]
    assert mapping.host_port == host_port


def test_fargate_with_bridge_fails() -> None:
    with pytest.raises(ValidationError, match="fargate-awsvpc") as exc:
        web(network_mode=NetworkMode.BRIDGE)
    assert "fargate-awsvpc" in rules(exc)


def test_bad_fargate_size_names_the_nearest() -> None:
    with pytest.raises(ValidationError, match=r"nearest valid Fargate size: cpu 1024 \(1 vCPU\) / memory 2048"):
        web(cpu="1 vCPU", memory="1GB")


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"launch_type": LaunchType.EC2, "memory": 512, "assign_public_ip": True}, "launch-assign-public-ip"),
        ({"launch_type": LaunchType.EC2, "network_mode": NetworkMode.AWSVPC, "assign_public_ip": True}, None),
        ({"public": ("subnet-0a000000",)}, "elb-alb-subnets"),
        ({"health_check_path": "health"}, "elb-health-check"),
        ({"launch_type": LaunchType.EC2, "network_mode": NetworkMode.NONE, "memory": 512}, "port-none-mode-no-ports"),
        ({"launch_type": LaunchType.EC2, "network_mode": NetworkMode.AWSVPC, "host_port": 9000}, None),
        ({"port": 70000}, "port-container-port-required"),
        ({"account": "1234"}, "schema-bad-value"),
    ],
)
def test_impossible_combinations_raise_validation_error(kwargs: dict[str, object], rule: str | None) -> None:
    with pytest.raises(ValidationError) as exc:
        web(**kwargs)  # type: ignore[arg-type]
    found = rules(exc)
    assert found
    if rule is not None:
        assert rule in found
    assert rule is None or rule in str(exc.value)


def test_exec_gives_the_task_role_ssm_messages() -> None:
    result = web(enable_execute_command=True)
    assert result.service.enable_execute_command is True
    decision = evaluate_role(result.task_role, "ssmmessages:CreateControlChannel", "*").decision
    assert decision is Decision.ALLOWED


def test_container_builder_as_image_keeps_its_port_and_logs() -> None:
    app = container("web", IMAGE).port(8080).awslogs("/custom", region=REGION).env(MODE="prod")
    result = load_balanced_service(
        "web",
        image=app,
        port=8080,
        account=ACCOUNT,
        region=REGION,
        vpc_id=VPC,
        public_subnets=PUBLIC,
        private_subnets=PRIVATE,
    )
    (c,) = result.task_definition.container_definitions
    assert len(c.port_mappings or ()) == 1
    assert c.log_configuration is not None
    assert c.log_configuration.options is not None
    assert c.log_configuration.options["awslogs-group"] == "/custom"


def test_capacity_provider_strategy_replaces_the_launch_type() -> None:
    strategy = (CapacityProviderStrategyItem(capacity_provider="FARGATE_SPOT", weight=1),)
    result = load_balanced_service(
        "web",
        image=IMAGE,
        port=80,
        account=ACCOUNT,
        region=REGION,
        vpc_id=VPC,
        public_subnets=PUBLIC,
        private_subnets=PRIVATE,
        capacity_provider_strategy=strategy,
    )
    assert result.service.launch_type is None
    assert result.service.capacity_provider_strategy == strategy


def test_patterns_are_deterministic() -> None:
    assert web() == web()
    assert web().summary() == web().summary()


def test_summary_names_every_resource() -> None:
    text = web(launch_type=LaunchType.EC2, cpu=512, memory=512).summary()
    assert "target group web-tg: instance HTTP 8080" in text
    assert "tcp 32768-65535 from sg-" in text
    assert "role web-execution" in text
    assert "service web: 2 x web, launch type EC2, instance network" in text


# -- queue worker -------------------------------------------------------------------------------------------------


def test_queue_worker_is_spot_first_with_an_on_demand_base() -> None:
    worker = queue_worker(
        "resize",
        image=IMAGE,
        account=ACCOUNT,
        region=REGION,
        vpc_id=VPC,
        subnets=PRIVATE,
        on_demand_base=2,
        command=("worker", "--queue", "resize"),
        desired_count=5,
    )
    svc, td = worker.service, worker.task_definition
    assert validate_task_definition(td).errors == ()
    assert validate_service(svc, task_definition=td).errors == ()
    assert svc.load_balancers is None
    assert svc.launch_type is None
    assert [(i.capacity_provider, i.base, i.weight) for i in svc.capacity_provider_strategy or ()] == [
        ("FARGATE", 2, 0),
        ("FARGATE_SPOT", None, 1),
    ]
    assert worker.security_group is not None
    assert worker.security_group.rules == ()
    assert svc.network_configuration is not None
    assert svc.network_configuration.awsvpc_configuration is not None
    assert svc.network_configuration.awsvpc_configuration.security_groups == (worker.security_group.group_id,)
    assert td.container_definitions[0].command == ("worker", "--queue", "resize")
    assert "FARGATE_SPOT weight 1" in worker.summary()


def test_queue_worker_on_demand_and_given_groups() -> None:
    worker = queue_worker(
        "resize",
        image=IMAGE,
        account=ACCOUNT,
        region=REGION,
        subnets=PRIVATE,
        security_groups=("sg-0123456789abcdef0",),
        spot=False,
        task_role_statements=(
            Statement(
                effect=Effect.ALLOW, action="sqs:ReceiveMessage", resource="arn:aws:sqs:us-east-1:123456789012:q"
            ),
        ),
    )
    assert worker.service.launch_type is LaunchType.FARGATE
    assert worker.security_group is None
    assert evaluate_role(worker.task_role, "sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:123456789012:q").allowed


def test_queue_worker_on_ec2_bridge() -> None:
    worker = queue_worker("resize", image=IMAGE, account=ACCOUNT, region=REGION, launch_type=LaunchType.EC2)
    assert worker.service.launch_type is LaunchType.EC2
    assert worker.service.network_configuration is None
    assert worker.security_group is None
    assert worker.task_definition.network_mode is NetworkMode.BRIDGE


def test_queue_worker_spot_on_ec2_needs_a_strategy() -> None:
    with pytest.raises(ValidationError, match="pattern-spot-capacity"):
        queue_worker("resize", image=IMAGE, account=ACCOUNT, region=REGION, launch_type=LaunchType.EC2, spot=True)
    strategy = (CapacityProviderStrategyItem(capacity_provider="spot-asg", weight=1),)
    worker = queue_worker(
        "resize",
        image=IMAGE,
        account=ACCOUNT,
        region=REGION,
        launch_type=LaunchType.EC2,
        spot=True,
        capacity_provider_strategy=strategy,
    )
    assert worker.service.capacity_provider_strategy == strategy


def test_queue_worker_without_subnets_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        queue_worker("resize", image=IMAGE, account=ACCOUNT, region=REGION)
    assert "svc-awsvpc-subnets-sgs" in rules(exc)


# -- one-off task -------------------------------------------------------------------------------------------------


def test_one_off_task_validates() -> None:
    job = one_off_task(
        "migrate",
        image=IMAGE,
        command=("manage", "migrate"),
        account=ACCOUNT,
        region=REGION,
        vpc_id=VPC,
        subnets=PRIVATE,
        started_by="deploy",
    )
    td, run = job.task_definition, job.run_task
    assert isinstance(job, OneOffTask)
    assert validate_task_definition(td).errors == ()
    assert validate_run_task(run, task_definition=td).errors == ()
    assert (run.task_definition, run.count, run.launch_type, run.started_by) == (
        "migrate",
        1,
        LaunchType.FARGATE,
        "deploy",
    )
    assert job.security_group is not None
    assert "run task: 1 x migrate" in job.summary()


def test_one_off_task_on_spot_and_on_ec2() -> None:
    spot = one_off_task("job", image=IMAGE, account=ACCOUNT, region=REGION, subnets=PRIVATE, spot=True).run_task
    assert spot.launch_type is None
    assert [i.capacity_provider for i in spot.capacity_provider_strategy or ()] == ["FARGATE_SPOT"]
    on_ec2 = one_off_task("job", image=IMAGE, account=ACCOUNT, region=REGION, launch_type=LaunchType.EC2)
    td, ec2 = on_ec2.task_definition, on_ec2.run_task
    assert ec2.network_configuration is None
    assert td.network_mode is NetworkMode.BRIDGE


def test_one_off_task_count_beyond_ten_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        one_off_task("job", image=IMAGE, account=ACCOUNT, region=REGION, subnets=PRIVATE, count=11)
    assert "run-count" in rules(exc)
