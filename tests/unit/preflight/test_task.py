"""preflight_task: each predicted failure (rule id, path, the AWS error in the message) and valid set-ups."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.iam import TASKS_SERVICE, execution_role, task_role, trust_policy
from ecskit.models.ecs import (
    Compatibility,
    LaunchType,
    RegisterTaskDefinitionRequest,
)
from ecskit.models.iam import Effect, PolicyDocument, Statement
from ecskit.models.vpc import Network
from ecskit.preflight import RULES, PreflightConfig, preflight_task
from ecskit.validation import Report, Severity, TaskDefinitionInput
from tests.unit.preflight.networks import ACCOUNT, ISOLATED, PRIVATE, PUBLIC, REGION, TASK_ENDPOINTS, network
from tests.unit.preflight.tasks import (
    EXEC_ROLE,
    EXECUTION,
    LOG_GROUP,
    REPOSITORY,
    SECRET,
    TASK,
    TASK_ROLE,
    TD,
    only,
    role,
    taskdef,
)


def run(td: TaskDefinitionInput = TD, **kwargs: object) -> Report:
    args: dict[str, object] = {
        "execution_role": EXEC_ROLE,
        "task_role": TASK_ROLE,
        "account": ACCOUNT,
        "region": REGION,
    }
    args.update(kwargs)
    return preflight_task(td, **args)  # type: ignore[arg-type]


# -- valid set-ups ---------------------------------------------------------------------------------------------------


def test_private_subnet_with_nat_passes() -> None:
    assert run(network=network(nat=True), subnets=[PRIVATE]).findings == ()


def test_vpc_endpoints_for_everything_pass() -> None:
    assert run(network=network(endpoints=TASK_ENDPOINTS), subnets=[PRIVATE, ISOLATED]).findings == ()


def test_public_subnet_with_a_public_ip_passes() -> None:
    assert run(network=network(), subnets=[PUBLIC], assign_public_ip=True).findings == ()


def test_without_network_only_roles_are_checked() -> None:
    assert run().findings == ()


# -- network ---------------------------------------------------------------------------------------------------------


def test_private_subnet_without_nat_or_endpoints_cannot_pull() -> None:
    report = run(taskdef(secrets=False, logs=False), network=network(), subnets=[PRIVATE])
    path, message = only(report, "preflight-pull-unreachable")
    assert path == "containerDefinitions[0].image"
    assert message.startswith(
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: "
        "unable to retrieve ecr registry auth"
    )
    assert f"{PRIVATE} cannot reach com.amazonaws.us-east-1.ecr.api" in message
    assert "i/o timeout" in message


def test_docker_hub_image_in_a_private_subnet_cannot_pull() -> None:
    report = run(taskdef(image="nginx:1.27", secrets=False, logs=False), network=network(), subnets=[PRIVATE])
    path, message = only(report, "preflight-pull-unreachable")
    assert path == "containerDefinitions[0].image"
    assert message.startswith("CannotPullContainerError: pull image manifest has been retried")
    assert 'Head "https://registry-1.docker.io/v2/...": dial tcp ...:443: i/o timeout' in message
    assert report.findings[0].hint is not None
    assert "no VPC endpoint serves other registries" in report.findings[0].hint


def test_docker_hub_image_with_only_vpc_endpoints_cannot_pull() -> None:
    report = run(
        taskdef(image="docker.io/library/nginx:1.27"),
        network=network(endpoints=TASK_ENDPOINTS),
        subnets=[PRIVATE],
    )
    path, message = only(report, "preflight-pull-unreachable")
    assert path == "containerDefinitions[0].image"
    assert message.startswith("CannotPullContainerError:")
    assert "failed to resolve ref docker.io/library/nginx:1.27" in message
    assert "https://registry-1.docker.io/v2/" in message
    assert f"{PRIVATE} cannot reach the internet" in message


def test_ecr_endpoints_without_s3_cannot_pull_the_layers() -> None:
    endpoints = [e for e in TASK_ENDPOINTS if e != "s3"]
    report = run(network=network(endpoints=endpoints), subnets=[PRIVATE])
    path, message = only(report, "preflight-pull-unreachable")
    assert path == "containerDefinitions[0].image"
    assert message.startswith("CannotPullContainerError: ref pull has been retried 5 time(s)")
    assert "prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com" in message
    assert "no gateway or interface endpoint for com.amazonaws.us-east-1.s3" in message


def test_public_subnet_without_a_public_ip_times_out() -> None:
    report = run(taskdef(image="nginx", secrets=False, logs=False), network=network(), subnets=[PUBLIC])
    _, message = only(report, "preflight-pull-unreachable")
    assert "sends 0.0.0.0/0 to internet gateway igw-1, but there is no public IP" in message
    assert "assignPublicIp ENABLED" in (report.findings[0].hint or "")


def test_secrets_and_logs_unreachable() -> None:
    report = run(network=network(endpoints=["ecr.api", "ecr.dkr", "s3"]), subnets=[PRIVATE])
    by_path = {f.path: f for f in report.findings}
    assert sorted(report.rule_ids()) == ["preflight-logs-unreachable", "preflight-secrets-unreachable"]
    secret = by_path["containerDefinitions[0].secrets[0].valueFrom"]
    assert secret.message.startswith(
        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: "
        "unable to retrieve secret from asm"
    )
    assert "unable to retrieve secrets from ssm" in by_path["containerDefinitions[0].secrets[1].valueFrom"].message
    logs = by_path[LOG_GROUP]
    assert logs.message.startswith("ResourceInitializationError: failed to validate logger args")
    assert 'Post "https://logs.us-east-1.amazonaws.com/"' in logs.message


def test_logs_in_another_region_need_the_internet() -> None:
    td = taskdef(log_region="eu-west-1")
    exec_role = execution_role(td, account=ACCOUNT, region=REGION)
    report = run(td, execution_role=exec_role, network=network(endpoints=TASK_ENDPOINTS), subnets=[PRIVATE])
    path, message = only(report, "preflight-logs-unreachable")
    assert path == LOG_GROUP
    assert "logs.eu-west-1.amazonaws.com" in message
    assert "endpoints serve us-east-1 only" in message


def test_environment_files_need_s3() -> None:
    endpoints = [e for e in TASK_ENDPOINTS if e != "s3"]
    report = run(
        taskdef(image="nginx", env_file=True),
        network=network(endpoints=endpoints),
        subnets=[PUBLIC],
        assign_public_ip=True,
        execution_role=execution_role(taskdef(env_file=True), account=ACCOUNT, region=REGION),
    )
    assert report.findings == ()  # the public IP reaches S3
    report = run(
        taskdef(image="nginx", env_file=True),
        network=network(endpoints=endpoints),
        subnets=[PRIVATE],
        execution_role=execution_role(taskdef(env_file=True), account=ACCOUNT, region=REGION),
    )
    by_rule = {f.rule: f for f in report.findings}
    assert set(by_rule) == {"preflight-env-files-unreachable", "preflight-pull-unreachable"}
    env = by_rule["preflight-env-files-unreachable"]
    assert env.path == "containerDefinitions[0].environmentFiles[0].value"
    assert env.message.startswith("ResourceInitializationError: failed to download env files")


def test_only_the_subnets_without_a_way_are_named() -> None:
    report = run(network=network(endpoints=TASK_ENDPOINTS), subnets=[PUBLIC, PRIVATE])
    assert report.findings == ()  # endpoints serve every subnet
    report = run(
        taskdef(image="nginx", secrets=False, logs=False),
        network=network(nat=True),
        subnets=[PRIVATE, PUBLIC, ISOLATED],
    )
    _, message = only(report, "preflight-pull-unreachable")
    assert f"{PUBLIC} cannot reach the internet" in message
    assert f"(also from {ISOLATED})" in message
    assert f"{PRIVATE} cannot" not in message


def test_transit_gateway_route_is_a_warning() -> None:
    report = run(taskdef(secrets=False, logs=False), network=network(private_default="tgw-0123"), subnets=[PRIVATE])
    path, message = only(report, "preflight-route-undetermined")
    assert path == "containerDefinitions[0].image"
    assert report.findings[0].severity is Severity.WARNING
    assert "tgw-0123, not followed" in message


def test_subnet_outside_the_description_is_a_warning() -> None:
    report = run(taskdef(secrets=False, logs=False), network=network(nat=True), subnets=["subnet-99999999"])
    path, message = only(report, "preflight-route-undetermined")
    assert path == "networkConfiguration.awsvpcConfiguration.subnets[0]"
    assert "subnet-99999999 is not in the description of vpc-1" in message


def test_fargate_without_subnets_is_a_warning() -> None:
    path, _ = only(run(network=network(nat=True)), "preflight-route-undetermined")
    assert path == "networkConfiguration.awsvpcConfiguration.subnets"


def test_ec2_launch_fetches_from_the_instance_subnet() -> None:
    td = taskdef(compat=Compatibility.EC2, secrets=False)
    report = run(td, network=network(nat=True), subnets=[ISOLATED], instance_subnet=PRIVATE)
    assert report.findings == ()  # the task's own subnet does not matter on EC2
    report = run(td, network=network(), instance_subnet=PRIVATE)
    by_rule = {f.rule: f for f in report.findings}
    assert set(by_rule) == {"preflight-pull-unreachable", "preflight-logs-unreachable"}
    assert by_rule["preflight-pull-unreachable"].message.startswith("CannotPullECRContainerError: RequestError")
    assert by_rule["preflight-logs-unreachable"].message.startswith(
        "CannotStartContainerError: Error response from daemon: failed to initialize logging driver"
    )
    assert "public IP" in (by_rule["preflight-pull-unreachable"].hint or "")
    report = run(td, network=network(), instance_subnet=PUBLIC, instance_public_ip=True)
    assert report.findings == ()
    path, message = only(run(td, network=network()), "preflight-route-undetermined")
    assert path == ""
    assert "instance_subnet=" in message


def test_external_launch_has_no_vpc_to_check() -> None:
    assert run(network=network(), subnets=[PRIVATE], launch_type=LaunchType.EXTERNAL).findings == ()


# -- roles -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("td", "error"),
    [
        (
            taskdef(secrets=False, logs=False, execution=None),
            "Fargate requires task definition to have execution role ARN to support ECR images.",
        ),
        (
            taskdef(image="nginx", secrets=False, execution=None),
            "Fargate requires task definition to have execution role ARN to support log driver awslogs.",
        ),
        (
            taskdef(image="nginx", logs=False, execution=None),
            "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
        ),
    ],
    ids=["ecr", "awslogs", "secrets"],
)
def test_missing_execution_role(td: RegisterTaskDefinitionRequest, error: str) -> None:
    path, message = only(run(td, execution_role=None), "preflight-execution-role-missing")
    assert path == "executionRoleArn"
    assert message.startswith("ClientException: " + error)
    assert "task definition 'web' has no execution role, but needs one" in message


def test_ec2_tasks_pull_and_log_with_the_instance_role() -> None:
    td = taskdef(compat=Compatibility.EC2, secrets=False, execution=None)
    assert run(td, execution_role=None).findings == ()
    path, _ = only(
        run(attrs.evolve(td, requires_compatibilities=None), execution_role=None, launch_type=LaunchType.FARGATE),
        "preflight-execution-role-missing",
    )
    assert path == "executionRoleArn"


def test_execution_role_that_ecs_tasks_cannot_assume() -> None:
    wrong = attrs.evolve(EXEC_ROLE, assume_role_policy=trust_policy("ec2.amazonaws.com"))
    path, message = only(run(execution_role=wrong), "preflight-execution-role-trust")
    assert path == "executionRoleArn"
    assert message.startswith("ECS was unable to assume the role 'web-execution' that was provided for this task.")
    assert "does not let ecs-tasks.amazonaws.com sts:AssumeRole" in message


def test_task_role_that_ecs_tasks_cannot_assume() -> None:
    other_account = attrs.evolve(
        TASK_ROLE, assume_role_policy=trust_policy(TASKS_SERVICE, source_account="999999999999")
    )
    path, message = only(run(task_role=other_account), "preflight-task-role-trust")
    assert path == "taskRoleArn"
    assert "ECS was unable to assume the role 'web-task'" in message


def test_execution_role_without_batch_get_image_cannot_pull() -> None:
    td = taskdef(secrets=False, logs=False)
    lacking = role(
        "web-execution",
        [
            ("ecr:GetAuthorizationToken", "*"),
            (("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer"), REPOSITORY),
        ],
    )
    path, message = only(run(td, execution_role=lacking), "preflight-pull-denied")
    assert path == "containerDefinitions[0].image"
    assert message.startswith("CannotPullContainerError: ")
    assert f"(the execution role 'web-execution' can't ecr:BatchGetImage on {REPOSITORY})" in message
    assert "no statement allows it" in message


def test_execution_role_without_any_ecr_permission_fails_at_registry_auth() -> None:
    td = taskdef(secrets=False, logs=False)
    _, message = only(run(td, execution_role=role("web-execution", [])), "preflight-pull-denied")
    assert message.startswith("ResourceInitializationError: unable to pull secrets or registry auth")
    assert "ecr:GetAuthorizationToken on *" in message
    assert f"nor ecr:BatchCheckLayerAvailability on {REPOSITORY}" in message


def test_execution_role_without_the_secret() -> None:
    td = taskdef(logs=False, image="nginx")
    lacking = role("web-execution", [("ssm:GetParameters", "*")])
    path, message = only(run(td, execution_role=lacking), "preflight-secrets-denied")
    assert path == "containerDefinitions[0].secrets[0].valueFrom"
    assert message.startswith("ResourceInitializationError: unable to pull secrets or registry auth: ")
    assert f"not authorized to perform: secretsmanager:GetSecretValue on resource: {SECRET}" in message


def test_explicit_deny_of_the_log_stream() -> None:
    td = taskdef(secrets=False, image="nginx")
    denying = attrs.evolve(
        role("web-execution", [("logs:*", "*")]),
        inline_policies={
            "p": PolicyDocument(
                statement=(
                    Statement(effect=Effect.ALLOW, action="logs:*", resource="*"),
                    Statement(effect=Effect.DENY, action="logs:CreateLogStream", resource="*"),
                )
            ),
        },
    )
    path, message = only(run(td, execution_role=denying), "preflight-logs-denied")
    assert path == LOG_GROUP
    assert message.startswith("ResourceInitializationError: failed to validate logger args")
    assert "logs:CreateLogStream" in message
    assert "an explicit Deny blocks it" in message


def test_ecs_exec_needs_the_task_role_channels() -> None:
    path, message = only(run(enable_execute_command=True), "preflight-permission-denied")
    assert path == "enableExecuteCommand"
    assert "ssmmessages:CreateControlChannel" in message
    assert "the task role 'web-task'" in message
    exec_role = task_role(TD, account=ACCOUNT, region=REGION, exec_enabled=True)
    assert run(enable_execute_command=True, task_role=exec_role).findings == ()


def test_unknown_managed_policy_is_undetermined_until_given() -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:policy/web-pull"
    attached = attrs.evolve(role("web-execution", []), managed_policy_arns=(arn,))
    td = taskdef(secrets=False, logs=False)
    report = run(td, execution_role=attached)
    path, message = only(report, "preflight-permission-undetermined")
    assert path == "containerDefinitions[0].image"
    assert report.findings[0].severity is Severity.WARNING
    assert message.startswith("could not evaluate whether the execution role 'web-execution' may")
    assert arn in message
    policy = EXEC_ROLE.inline_policies["task-execution"] if EXEC_ROLE.inline_policies else None
    assert policy is not None
    assert run(td, execution_role=attached, managed={arn: policy}).findings == ()


def test_roles_not_given_are_warnings() -> None:
    report = run(execution_role=None, task_role=None)
    assert [(f.rule, f.path, f.severity) for f in report.findings] == [
        ("preflight-role-not-given", "executionRoleArn", Severity.WARNING),
        ("preflight-role-not-given", "taskRoleArn", Severity.WARNING),
    ]
    assert "the execution role 'web-execution' was not given" in report.findings[0].message


def test_caller_that_may_not_pass_the_roles() -> None:
    caller = role("deployer", [("iam:PassRole", EXECUTION)], trust="ec2.amazonaws.com")
    path, message = only(run(caller=caller), "preflight-pass-role-denied")
    assert path == "taskRoleArn"
    assert message.startswith(
        f"AccessDeniedException: User: ... is not authorized to perform: iam:PassRole on resource: {TASK}"
    )


def test_describe_output_is_accepted() -> None:
    from ecskit.codec import from_api, to_api
    from ecskit.models.ecs import TaskDefinition

    described = from_api(
        {
            **to_api(TD),
            "taskDefinitionArn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/web:1",
            "revision": 1,
            "status": "ACTIVE",
        },
        TaskDefinition,
    )
    assert run(described, network=network(nat=True), subnets=[PRIVATE]).findings == ()


# -- configuration ---------------------------------------------------------------------------------------------------


def test_config_silences_and_re_rates_rules() -> None:
    args: dict[str, object] = {"network": network(), "subnets": [PRIVATE]}
    full = run(TD, **args)
    assert "preflight-secrets-unreachable" in full.rule_ids()
    quiet = run(TD, config=PreflightConfig(disabled=frozenset({"preflight-secrets-unreachable"})), **args)
    assert "preflight-secrets-unreachable" not in quiet.rule_ids()
    assert len(quiet) == len(full) - 2
    relaxed = run(TD, config=PreflightConfig(severities={"preflight-logs-unreachable": Severity.WARNING}), **args)
    assert [f.severity for f in relaxed.findings if f.rule == "preflight-logs-unreachable"] == [Severity.WARNING]
    with pytest.raises(ValueError, match="unknown preflight rule id"):
        PreflightConfig(disabled=frozenset({"preflight-nope"}))


def test_every_rule_is_documented() -> None:
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id
        assert rule_id.startswith("preflight-")
        assert rule.docs.startswith("https://docs.aws.amazon.com/")
        assert rule.summary
        assert rule.error
        assert rule.fix


# -- property: more ways out never add a network finding --------------------------------------------------------------

NETWORK_RULES = {r for r in RULES if r.endswith(("-unreachable", "-undetermined"))}
ENDPOINTS = st.lists(st.sampled_from(TASK_ENDPOINTS), unique=True)


def _network_findings(net: Network, subnets: list[str], ip: bool) -> set[tuple[str, str]]:
    report = run(network=net, subnets=subnets, assign_public_ip=ip)
    return {(f.rule, f.path) for f in report.findings if f.rule in NETWORK_RULES}


@given(
    ENDPOINTS,
    ENDPOINTS,
    st.booleans(),
    st.booleans(),
    st.lists(st.sampled_from([PUBLIC, PRIVATE, ISOLATED]), min_size=1, unique=True),
)
def test_more_ways_out_never_add_findings(
    few: list[str], more: list[str], nat: bool, ip: bool, subnets: list[str]
) -> None:
    fewer = _network_findings(network(endpoints=few), subnets, ip=False)
    richer = _network_findings(network(endpoints=sorted(set(few) | set(more)), nat=nat), subnets, ip=ip)
    assert richer <= fewer
    if set(few) == set(TASK_ENDPOINTS):
        assert fewer == set()
