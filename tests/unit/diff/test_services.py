"""A desired service (CreateService input) against the deployed one (DescribeServices output)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from ecskit.codec import from_api
from ecskit.diff import diff_service, normalise_service
from ecskit.errors import ConversionError
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    CreateServiceRequest,
    CreateServiceResponse,
    DescribeServicesResponse,
    Service,
)
from tests.support.strategies import service_model, wire

_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
_AWSVPC = {"subnets": ["subnet-0b", "subnet-0a"], "securityGroups": ["sg-01"], "assignPublicIp": "DISABLED"}
_CONNECT = {"enabled": True, "namespace": "internal", "services": [{"portName": "http", "discoveryName": "web"}]}

#: describe-services output as AWS gives it for the service that DESIRED creates (defaults filled in).
DEPLOYED: dict[str, Any] = {
    "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
    "serviceName": "web",
    "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
    "loadBalancers": [{"targetGroupArn": _TG, "containerName": "app", "containerPort": 80}],
    "serviceRegistries": [],
    "status": "ACTIVE",
    "desiredCount": 3,
    "runningCount": 3,
    "pendingCount": 0,
    "launchType": "FARGATE",
    "platformVersion": "LATEST",
    "platformFamily": "Linux",
    "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
    "deploymentConfiguration": {
        "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
        "alarms": {"alarmNames": [], "enable": False, "rollback": False},
    },
    "deployments": [
        {
            "id": "ecs-svc/2",
            "status": "PRIMARY",
            "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
            "desiredCount": 3,
            "runningCount": 3,
            "createdAt": "2025-01-01T00:00:00Z",
            "launchType": "FARGATE",
            "platformVersion": "1.4.0",
            "networkConfiguration": {"awsvpcConfiguration": _AWSVPC},
            "serviceConnectConfiguration": _CONNECT,
            "rolloutState": "COMPLETED",
        },
        {
            "id": "ecs-svc/1",
            "status": "ACTIVE",
            "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:6",
            "serviceConnectConfiguration": {"enabled": False},
        },
    ],
    "roleArn": "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
    "events": [
        {"id": "e1", "createdAt": "2025-01-01T00:05:00Z", "message": "(service web) has reached a steady state."}
    ],
    "createdAt": "2024-12-01T00:00:00Z",
    "placementConstraints": [],
    "placementStrategy": [],
    "networkConfiguration": {"awsvpcConfiguration": _AWSVPC},
    "healthCheckGracePeriodSeconds": 60,
    "schedulingStrategy": "REPLICA",
    "deploymentController": {"type": "ECS"},
    "tags": [{"key": "team", "value": "web"}, {"key": "env", "value": "prod"}],
    "createdBy": "arn:aws:iam::123456789012:role/deployer",
    "enableECSManagedTags": False,
    "propagateTags": "NONE",
    "enableExecuteCommand": False,
    "availabilityZoneRebalancing": "ENABLED",
}

#: The CreateService input of that service, as a user keeps it.
DESIRED: dict[str, Any] = {
    "cluster": "prod",
    "serviceName": "web",
    "taskDefinition": "web:7",
    "desiredCount": 3,
    "launchType": "FARGATE",
    "loadBalancers": [{"targetGroupArn": _TG, "containerName": "app", "containerPort": 80}],
    "networkConfiguration": {
        "awsvpcConfiguration": {"subnets": ["subnet-0a", "subnet-0b"], "securityGroups": ["sg-01"]}
    },
    "healthCheckGracePeriodSeconds": 60,
    "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
    "serviceConnectConfiguration": _CONNECT,
    "tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "web"}],
}


def _deployed(**members: Any) -> dict[str, Any]:
    doc = copy.deepcopy(DEPLOYED)
    doc.update(members)
    return {k: v for k, v in doc.items() if v is not None}


def _desired(**members: Any) -> dict[str, Any]:
    doc = copy.deepcopy(DESIRED)
    doc.update(members)
    return {k: v for k, v in doc.items() if v is not None}


def _changes(desired: Any, deployed: Any, **options: Any) -> list[tuple[str, str, Any, Any]]:
    return [(c.path, c.kind.value, c.old, c.new) for c in diff_service(desired, deployed, **options)]


def test_deployed_service_is_its_create_input() -> None:
    diff = diff_service(DESIRED, DEPLOYED)
    assert not diff, diff.paths()
    assert (diff.old_label, diff.new_label) == ("deployed", "desired")


def test_every_form_of_a_service_normalises_the_same(tmp_path: Path) -> None:
    response = {"services": [DEPLOYED], "failures": []}
    path = tmp_path / "deployed.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    expected = normalise_service(DEPLOYED)
    forms: list[Any] = [
        response,
        {"service": DEPLOYED},
        json.dumps(DEPLOYED),
        path,
        from_api(DEPLOYED, Service),
        from_api(response, DescribeServicesResponse),
        from_api({"service": DEPLOYED}, CreateServiceResponse),
    ]
    for form in forms:
        assert normalise_service(form) == expected, type(form)
    assert not diff_service(from_api(DESIRED, CreateServiceRequest), from_api(response, DescribeServicesResponse))


def test_read_only_members_and_deployment_state_are_not_compared() -> None:
    deployed = _deployed(runningCount=1, pendingCount=2, status="DRAINING", events=[], createdAt="2026-01-01T00:00:00Z")
    assert not diff_service(DESIRED, deployed)
    assert not diff_service(_desired(cluster=None, clientToken="abc"), DEPLOYED)  # where it runs is not config


def test_a_real_change() -> None:
    desired = _desired(healthCheckGracePeriodSeconds=120, desiredCount=4)
    assert _changes(desired, DEPLOYED) == [
        ("desiredCount", "changed", 3, 4),
        ("healthCheckGracePeriodSeconds", "changed", 60, 120),
    ]
    assert _changes(desired, DEPLOYED, ignore_desired_count=True) == [
        ("healthCheckGracePeriodSeconds", "changed", 60, 120)
    ]


def test_daemon_services_never_compare_the_desired_count() -> None:
    deployed = _deployed(schedulingStrategy="DAEMON", desiredCount=5, launchType="EC2", networkConfiguration=None)
    deployed["deploymentConfiguration"] = {"maximumPercent": 100, "minimumHealthyPercent": 0}
    desired = _desired(schedulingStrategy="DAEMON", desiredCount=None, launchType="EC2", networkConfiguration=None)
    desired["deploymentConfiguration"] = {}
    assert not diff_service(desired, deployed)


@pytest.mark.parametrize(
    "reference",
    [
        "web:7",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
        "arn:aws:ecs:eu-west-1:1:task-definition/web:7",
    ],
)
def test_task_definition_by_family_revision_or_arn(reference: str) -> None:
    assert not diff_service(_desired(taskDefinition=reference), DEPLOYED)


def test_a_bare_family_is_the_latest_revision_only_when_told() -> None:
    assert _changes(_desired(taskDefinition="web"), DEPLOYED) == [("taskDefinition", "changed", "web:7", "web")]
    assert not diff_service(_desired(taskDefinition="web"), DEPLOYED, latest_revisions={"web": 7})
    assert _changes(_desired(taskDefinition="web"), DEPLOYED, latest_revisions={"web": 8}) == [
        ("taskDefinition", "changed", "web:7", "web:8")
    ]


def test_launch_type_and_capacity_provider_strategy() -> None:
    strategy = [
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
    ]
    deployed = _deployed(launchType=None, capacityProviderStrategy=strategy[::-1])
    # Order is meaningless, and base and weight default to 0.
    assert not diff_service(_desired(launchType=None, capacityProviderStrategy=strategy), deployed)
    # Neither in the desired service: the cluster's default strategy, or EC2 for a cluster without one.
    neither = _desired(launchType=None)
    default = tuple(from_api(s, CapacityProviderStrategyItem) for s in strategy)
    assert not diff_service(neither, deployed, cluster_default_strategy=default)
    assert not diff_service(neither, _deployed(launchType="EC2"))
    assert _changes(neither, DEPLOYED) == [("launchType", "changed", "FARGATE", "EC2")]
    switched = _changes(_desired(), deployed)
    assert [(p, k) for p, k, _, _ in switched] == [("capacityProviderStrategy", "removed"), ("launchType", "added")]
    weights = _changes(
        _desired(launchType=None, capacityProviderStrategy=[{**strategy[0], "weight": 1}, strategy[1]]), deployed
    )
    assert weights == [("capacityProviderStrategy[capacityProvider=FARGATE_SPOT].weight", "changed", 3, 1)]


@pytest.mark.parametrize(
    ("role", "deployed_role", "same"),
    [
        (None, "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS", True),
        ("ecsServiceRole", "arn:aws:iam::123456789012:role/ecsServiceRole", True),
        ("service-role/ecsServiceRole", "arn:aws:iam::123456789012:role/service-role/ecsServiceRole", True),
        ("arn:aws:iam::123456789012:role/ecsServiceRole", "arn:aws:iam::123456789012:role/ecsServiceRole", True),
        ("ecsServiceRole", "arn:aws:iam::123456789012:role/otherRole", False),
        (None, "arn:aws:iam::123456789012:role/ecsServiceRole", False),
    ],
)
def test_role_names_and_arns(role: str | None, deployed_role: str, same: bool) -> None:
    assert bool(diff_service(_desired(role=role), _deployed(roleArn=deployed_role))) is not same


def test_availability_zone_rebalancing_defaults_by_form() -> None:
    # CreateService turns it on when not given; a service described without it never had it set (DISABLED).
    assert _changes(_desired(), _deployed(availabilityZoneRebalancing=None)) == [
        ("availabilityZoneRebalancing", "changed", "DISABLED", "ENABLED")
    ]
    assert not diff_service(
        _desired(availabilityZoneRebalancing="DISABLED"), _deployed(availabilityZoneRebalancing=None)
    )


def test_service_connect_comes_from_the_primary_deployment() -> None:
    assert (
        normalise_service(DEPLOYED)["serviceConnectConfiguration"]
        == normalise_service(DESIRED)["serviceConnectConfiguration"]
    )
    changed = {**_CONNECT, "services": [{"portName": "http", "discoveryName": "web-v2"}]}
    assert _changes(_desired(serviceConnectConfiguration=changed), DEPLOYED) == [
        ("serviceConnectConfiguration.services[portName=http].discoveryName", "changed", "web", "web-v2")
    ]


def test_network_sets_and_load_balancer_identity() -> None:
    vpc = {"subnets": ["subnet-0b", "subnet-0c"], "securityGroups": ["sg-01"], "assignPublicIp": "ENABLED"}
    changes = _changes(_desired(networkConfiguration={"awsvpcConfiguration": vpc}), DEPLOYED)
    assert changes == [
        ("networkConfiguration.awsvpcConfiguration.assignPublicIp", "changed", "DISABLED", "ENABLED"),
        (
            "networkConfiguration.awsvpcConfiguration.subnets",
            "changed",
            ["subnet-0a", "subnet-0b"],
            ["subnet-0b", "subnet-0c"],
        ),
    ]
    moved = _desired(loadBalancers=[{"targetGroupArn": _TG, "containerName": "app", "containerPort": 8080}])
    assert [(p, k) for p, k, _, _ in _changes(moved, DEPLOYED)] == [
        (f"loadBalancers[targetGroupArn={_TG},containerName=app,containerPort=80]", "removed"),
        (f"loadBalancers[targetGroupArn={_TG},containerName=app,containerPort=8080]", "added"),
    ]


def test_tags_absent_from_describe_output_show_unless_ignored() -> None:
    untagged = _deployed(tags=None)  # describe-services without include=["TAGS"]
    assert diff_service(DESIRED, untagged).paths() == ("tags",)
    assert not diff_service(DESIRED, untagged, ignore=["tags"])


@pytest.mark.parametrize(
    ("bad", "path"),
    [
        (
            {"services": [], "failures": [{"arn": "arn:aws:ecs:us-east-1:1:service/web", "reason": "MISSING"}]},
            "services",
        ),
        ({"services": [DEPLOYED, DEPLOYED]}, "services"),
        ([DEPLOYED], ""),
        ("not json", ""),
        ({"serviceName": 3}, "serviceName"),
        ({"taskDefinition": "web"}, "serviceName"),
        ({"serviceArn": "arn:aws:ecs:us-east-1:1:service/web", "status": "ACTIVE"}, "serviceName"),
        ({**DEPLOYED, "desiredCount": "3"}, "desiredCount"),
    ],
)
def test_bad_input_is_a_conversion_error_naming_the_field(bad: Any, path: str) -> None:
    with pytest.raises(ConversionError) as info:
        diff_service(DESIRED, bad)
    assert path in {e.path for e in info.value.errors}


def test_a_missing_service_names_the_failure() -> None:
    missing = {"services": [], "failures": [{"arn": "arn:aws:ecs:us-east-1:1:service/web", "reason": "MISSING"}]}
    with pytest.raises(ConversionError, match="MISSING"):
        normalise_service(missing)
    with pytest.raises(ConversionError, match="the response has no service"):
        normalise_service(CreateServiceResponse())


_ECS = service_model("ecs")


@given(doc=wire(_ECS.shape_for("CreateServiceRequest")))
def test_any_create_input_normalises_idempotently(doc: dict[str, Any]) -> None:
    once = normalise_service(doc)
    assert normalise_service(once) == once
    assert not diff_service(doc, doc)
    assert not diff_service(once, doc)


@given(doc=wire(_ECS.shape_for("Service")))
def test_any_described_service_is_read_or_refused_with_a_conversion_error(doc: dict[str, Any]) -> None:
    if "serviceName" not in doc:
        # The only thing a valid describe output can lack for CreateService input is the name.
        with pytest.raises(ConversionError) as info:
            normalise_service(doc)
        assert {e.path for e in info.value.errors} == {"serviceName"}
        return
    once = normalise_service(doc)
    assert normalise_service(once) == once
