"""preflight_service, preflight_container_instance and preflight(backend)."""

from __future__ import annotations

import attrs
import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.errors import NotFoundError
from ecskit.iam import (
    EC2_SERVICE,
    ECS_SERVICE,
    container_instance_role,
    execution_role,
    service_linked_role,
    task_role,
    trust_policy,
)
from ecskit.models.ecs import (
    AssignPublicIp,
    AwsVpcConfiguration,
    CapacityProviderStrategyItem,
    CreateClusterRequest,
    CreateServiceRequest,
    DescribeServicesRequest,
    LaunchType,
    LoadBalancer,
    NetworkConfiguration,
    NetworkMode,
)
from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Role, Statement
from ecskit.preflight import (
    ReadBackend,
    agent_resource,
    needs_service_linked_role,
    preflight,
    preflight_container_instance,
    preflight_service,
    service_request,
)
from ecskit.validation import Report, Severity
from tests.unit.preflight.networks import ACCOUNT, PRIVATE, PUBLIC, REGION, network
from tests.unit.preflight.tasks import EXEC_ROLE, TASK_ROLE, TD, only, role, taskdef

ROLES = {"arn:aws:iam::123456789012:role/web-execution": EXEC_ROLE, "web-task": TASK_ROLE}
SLR = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"


def service(
    *, subnets: tuple[str, ...] = (PRIVATE,), public_ip: bool = False, **kwargs: object
) -> CreateServiceRequest:
    awsvpc = AwsVpcConfiguration(
        subnets=subnets, assign_public_ip=AssignPublicIp.ENABLED if public_ip else AssignPublicIp.DISABLED
    )
    return CreateServiceRequest(
        cluster="prod",
        service_name="web",
        task_definition="web",
        desired_count=2,
        launch_type=LaunchType.FARGATE,
        network_configuration=NetworkConfiguration(awsvpc_configuration=awsvpc),
        **kwargs,  # type: ignore[arg-type]
    )


def check(request: CreateServiceRequest | None = None, **kwargs: object) -> Report:
    args: dict[str, object] = {
        "task_definition": TD,
        "roles": ROLES,
        "service_linked_role": True,
        "account": ACCOUNT,
        "region": REGION,
    }
    args.update(kwargs)
    return preflight_service(request or service(), **args)  # type: ignore[arg-type]


# -- services --------------------------------------------------------------------------------------------------------


def test_service_in_a_private_subnet_with_nat_passes() -> None:
    assert check(network=network(nat=True)).findings == ()


def test_service_uses_its_own_subnets_and_public_ip_setting() -> None:
    assert check(service(subnets=(PUBLIC,), public_ip=True), network=network()).findings == ()
    report = check(service(subnets=(PUBLIC,)), network=network())
    assert {f.path for f in report.findings if f.rule == "preflight-pull-unreachable"} == {
        "containerDefinitions[0].image"
    }
    assert all("no public IP" in f.message for f in report.errors)


def test_fargate_capacity_provider_strategy_is_fargate() -> None:
    spot = attrs.evolve(
        service(),
        launch_type=None,
        capacity_provider_strategy=(CapacityProviderStrategyItem(capacity_provider="FARGATE_SPOT", weight=1),),
    )
    report = check(spot, network=network())
    assert "preflight-pull-unreachable" in report.rule_ids()
    assert check(spot, network=network(nat=True)).findings == ()


def test_missing_service_linked_role() -> None:
    path, message = only(check(service_linked_role=False), "preflight-service-linked-role-missing")
    assert path == ""
    assert message.startswith(
        "InvalidParameterException: Unable to assume the service linked role. Please verify that the ECS service "
        "linked role exists."
    )
    assert "its tasks use the awsvpc network mode" in message


def test_missing_service_linked_role_is_created_for_an_allowed_caller() -> None:
    allowed = role("deployer", [("iam:CreateServiceLinkedRole", SLR), ("iam:PassRole", "*")])
    assert check(service_linked_role=False, caller=allowed).findings == ()
    refused = role("deployer", [("iam:PassRole", "*")])
    _, message = only(check(service_linked_role=False, caller=refused), "preflight-service-linked-role-missing")
    assert "the caller 'deployer' may not iam:CreateServiceLinkedRole" in message


def test_service_linked_role_that_ecs_cannot_assume() -> None:
    broken = attrs.evolve(service_linked_role(), assume_role_policy=trust_policy(EC2_SERVICE))
    _, message = only(check(service_linked_role=broken), "preflight-service-linked-role-missing")
    assert f"does not let {ECS_SERVICE} sts:AssumeRole" in message
    assert check(service_linked_role=service_linked_role()).findings == ()


def test_service_linked_role_unknown_or_not_needed() -> None:
    assert check(service_linked_role=None).findings == ()
    bridge = attrs.evolve(TD, network_mode=NetworkMode.BRIDGE, requires_compatibilities=None)
    ec2 = attrs.evolve(service(), launch_type=LaunchType.EC2, network_configuration=None)
    assert needs_service_linked_role(ec2, bridge) is None
    assert check(ec2, task_definition=bridge, service_linked_role=False).findings == ()
    with_lb = attrs.evolve(
        ec2, load_balancers=(LoadBalancer(target_group_arn="arn:tg", container_name="app", container_port=80),)
    )
    assert needs_service_linked_role(with_lb, bridge) == "it registers targets with a load balancer"
    assert needs_service_linked_role(attrs.evolve(with_lb, role="ecsServiceRole"), bridge) is None


def test_task_role_trust_through_the_service() -> None:
    wrong = attrs.evolve(TASK_ROLE, assume_role_policy=trust_policy(EC2_SERVICE))
    path, message = only(check(roles={**ROLES, "web-task": wrong}), "preflight-task-role-trust")
    assert path == "taskRoleArn"
    assert "ECS was unable to assume the role 'web-task'" in message


def test_roles_are_found_by_arn_name_or_role_name() -> None:
    by_role_name = {"anything": EXEC_ROLE, "else": TASK_ROLE}
    assert check(roles=by_role_name).findings == ()
    report = check(roles={})
    assert [f.rule for f in report.findings] == ["preflight-role-not-given", "preflight-role-not-given"]


def test_service_with_ecs_exec_needs_the_task_role_channels() -> None:
    path, _ = only(check(service(enable_execute_command=True)), "preflight-permission-denied")
    assert path == "enableExecuteCommand"
    exec_role = task_role(TD, account=ACCOUNT, region=REGION, exec_enabled=True)
    assert check(service(enable_execute_command=True), roles={**ROLES, "web-task": exec_role}).findings == ()


def test_caller_pass_role_on_the_service() -> None:
    caller = role("deployer", [("iam:PassRole", "arn:aws:iam::123456789012:role/web-*")])
    assert check(caller=caller).findings == ()
    conditioned = role("deployer", [])
    conditioned = attrs.evolve(
        conditioned,
        inline_policies={
            "p": PolicyDocument(
                version=PolicyVersion.V2012_10_17,
                statement=(
                    Statement(
                        effect=Effect.ALLOW,
                        action="iam:PassRole",
                        resource="*",
                        condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
                    ),
                ),
            )
        },
    )
    report = check(caller=conditioned)
    assert [(f.rule, f.path) for f in report.findings] == [
        ("preflight-pass-role-denied", "executionRoleArn"),
        ("preflight-pass-role-denied", "taskRoleArn"),
    ]


# -- container instances ---------------------------------------------------------------------------------------------


def instance(role_: Role, **kwargs: object) -> Report:
    return preflight_container_instance(role_, account=ACCOUNT, region=REGION, **kwargs)  # type: ignore[arg-type]


def test_container_instance_role_with_nat_passes() -> None:
    assert (
        instance(container_instance_role(), cluster="prod", network=network(nat=True), subnet_id=PRIVATE).findings == ()
    )
    endpoints = network(endpoints=("ecs", "ecs-agent", "ecs-telemetry"))
    assert instance(container_instance_role(inline=True), network=endpoints, subnet_id=PRIVATE).findings == ()


def test_instance_role_without_ecs_poll_never_gets_tasks() -> None:
    document = container_instance_role(inline=True).inline_policies
    assert document is not None
    without_poll = attrs.evolve(
        container_instance_role(inline=True),
        inline_policies={
            **document,
            "deny-poll": PolicyDocument(statement=(Statement(effect=Effect.DENY, action="ecs:Poll", resource="*"),)),
        },
    )
    path, message = only(instance(without_poll, cluster="prod"), "preflight-instance-agent-denied")
    assert path == ""
    assert message.startswith("the agent never connects (agentConnected false), so ECS never places a task")
    assert (
        f"ecs:Poll on resource: {agent_resource('ecs:Poll', cluster='prod', account=ACCOUNT, region=REGION)}" in message
    )


def test_instance_role_without_permissions_never_registers() -> None:
    bare = Role(role_name="bare", assume_role_policy=trust_policy(EC2_SERVICE))
    _, message = only(instance(bare), "preflight-instance-agent-denied")
    assert message.startswith("the instance never registers with the cluster: AccessDeniedException")
    assert f"ecs:RegisterContainerInstance on resource: arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/default" in message
    for action in ("ecs:Poll", "ecs:DiscoverPollEndpoint", "ecs:SubmitTaskStateChange"):
        assert action in message


def test_instance_role_that_ec2_cannot_assume() -> None:
    wrong = attrs.evolve(container_instance_role(), assume_role_policy=trust_policy(ECS_SERVICE))
    path, message = only(instance(wrong), "preflight-instance-role-trust")
    assert path == "assumeRolePolicy"
    assert "NoCredentialProviders" in message


def test_instance_without_a_way_to_ecs() -> None:
    report = instance(container_instance_role(), network=network(), subnet_id=PRIVATE)
    assert [(f.rule, f.severity) for f in report.findings] == [
        ("preflight-agent-unreachable", Severity.ERROR),
        ("preflight-agent-unreachable", Severity.ERROR),
        ("preflight-telemetry-unreachable", Severity.WARNING),
    ]
    assert report.findings[0].message.startswith(
        "the instance never registers: the agent logs Unable to register as a container instance with ECS: "
        "RequestError: send request failed caused by: Post https://ecs.us-east-1.amazonaws.com/"
    )
    assert "com.amazonaws.us-east-1.ecs-agent" in report.findings[1].message
    assert instance(container_instance_role(), network=network(), subnet_id=PUBLIC, public_ip=True).findings == ()


def test_instance_subnet_missing_or_unknown_is_a_warning() -> None:
    _, message = only(instance(container_instance_role(), network=network()), "preflight-route-undetermined")
    assert "no subnet_id given" in message
    _, message = only(
        instance(container_instance_role(), network=network(), subnet_id="subnet-9"), "preflight-route-undetermined"
    )
    assert "subnet-9 is not in the description of vpc-1" in message


# -- preflight(backend) ----------------------------------------------------------------------------------------------


@pytest.fixture
def fake() -> FakeBackend:
    fake = FakeBackend()
    fake.create_cluster(CreateClusterRequest(cluster_name="prod"))
    fake.register_task_definition(TD)
    fake.create_service(service())
    return fake


def test_preflight_reads_the_service_from_the_fake(fake: FakeBackend) -> None:
    backend: ReadBackend = fake  # the fake satisfies the protocol
    report = preflight(backend, cluster="prod", service="web", roles=ROLES, network=network())
    assert report.rule_ids() == {
        "preflight-pull-unreachable",
        "preflight-secrets-unreachable",
        "preflight-logs-unreachable",
    }
    assert {f.path for f in report.findings} >= {"containerDefinitions[0].image"}
    assert preflight(fake, cluster="prod", service="web", roles=ROLES, network=network(nat=True)).findings == ()
    missing = preflight(fake, cluster="prod", service="web", roles=ROLES, service_linked_role=False)
    assert missing.rule_ids() == {"preflight-service-linked-role-missing"}


def test_preflight_same_as_preflight_service(fake: FakeBackend) -> None:
    described = fake.describe_services(DescribeServicesRequest(cluster="prod", services=("web",))).services
    assert described is not None
    request = service_request(described[0])
    assert request.network_configuration == service().network_configuration
    assert request.launch_type is LaunchType.FARGATE
    direct = preflight_service(
        request, task_definition=TD, roles=ROLES, network=network(), account=ACCOUNT, region=REGION
    )
    live = preflight(fake, cluster="prod", service="web", roles=ROLES, network=network())
    assert live.findings == direct.findings


def test_preflight_of_a_task_definition(fake: FakeBackend) -> None:
    report = preflight(
        fake,
        cluster="prod",
        task_definition="web:1",
        roles=ROLES,
        network=network(),
        subnets=[PUBLIC],
        assign_public_ip=True,
    )
    assert report.findings == ()
    report = preflight(fake, cluster="prod", task_definition="web", roles={}, network=network(), subnets=[PRIVATE])
    assert "preflight-role-not-given" in report.rule_ids()
    assert "preflight-pull-unreachable" in report.rule_ids()


def test_preflight_of_what_does_not_exist(fake: FakeBackend) -> None:
    with pytest.raises(NotFoundError, match="ClusterNotFoundException"):
        preflight(fake, cluster="nope", service="web")
    with pytest.raises(NotFoundError, match="ServiceNotFoundException"):
        preflight(fake, cluster="prod", service="nope")
    with pytest.raises(ValueError, match="exactly one of"):
        preflight(fake, cluster="prod")


def test_preflight_takes_account_and_region_from_the_cluster() -> None:
    fake = FakeBackend(account="210987654321", region="eu-west-1")
    fake.create_cluster(CreateClusterRequest(cluster_name="prod"))
    td = taskdef(
        secrets=False,
        logs=False,
        image="210987654321.dkr.ecr.eu-west-1.amazonaws.com/web:1",
        execution="arn:aws:iam::210987654321:role/web-execution",
        task=None,
    )
    fake.register_task_definition(td)
    mine = execution_role(td, account="210987654321", region="eu-west-1")
    assert preflight(fake, cluster="prod", task_definition="web", roles={"web-execution": mine}).findings == ()
    # the role made for another account's repository is refused here
    other = execution_role(taskdef(secrets=False, logs=False), account=ACCOUNT, region=REGION)
    report = preflight(fake, cluster="prod", task_definition="web", roles={"web-execution": other})
    assert "preflight-execution-role-trust" in report.rule_ids()
    assert "preflight-pull-denied" in report.rule_ids()
