"""validate_request: any request model, before it is sent: its kind's rules, or the schema check alone."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ecskit.models.ecr as ecr_models
import ecskit.models.ecs as ecs_models
from ecskit.codec import from_api
from ecskit.errors import UsageError
from ecskit.models.ecr import PutLifecyclePolicyRequest, StartLifecyclePolicyPreviewRequest
from ecskit.models.ecs import (
    AwsVpcConfiguration,
    CreateServiceRequest,
    DescribeServicesRequest,
    NetworkConfiguration,
    RegisterTaskDefinitionRequest,
    StartTaskRequest,
    UpdateServiceRequest,
)
from ecskit.validation import CATALOG, Config, validate_request, validate_service
from ecskit.validation.requests import UPDATE_SERVICE_RULES
from tests.support.rulecases import ec2_service, ec2_taskdef, fargate_taskdef
from tests.support.strategies import service_model, wire

M = TypeVar("M")
SERVICE_ARN = "arn:aws:ecs:us-east-1:123456789012:service/prod/web"
POLICY = {
    "rules": [
        {
            "rulePriority": 1,
            "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5},
            "action": {"type": "expire"},
        }
    ]
}


def make(cls: type[M], **members: Any) -> M:
    """A model with members of any type (what mypy would refuse is the point here)."""
    return cls(**members)


def _requests(service: str) -> list[tuple[str, type[Any]]]:
    module = ecs_models if service == "ecs" else ecr_models
    return [(service, getattr(module, n)) for n in sorted(module.__all__) if n.endswith("Request")]


REQUESTS = _requests("ecs") + _requests("ecr")


def test_task_definitions_get_the_schema_check_then_the_rules() -> None:
    typo = make(RegisterTaskDefinitionRequest, family="web", network_mode="awsvcp", container_definitions=())
    assert [(f.rule, f.hint) for f in validate_request(typo)] == [("schema-bad-value", "did you mean 'awsvpc'?")]
    small = from_api(fargate_taskdef(cpu="512", memory="512"), RegisterTaskDefinitionRequest)
    assert "fargate-cpu-memory" in validate_request(small).rule_ids()


def test_services_are_checked_against_what_is_given() -> None:
    service = from_api(ec2_service(launchType="FARGATE"), CreateServiceRequest)
    taskdef = fargate_taskdef()
    expected = validate_service(service, task_definition=taskdef).findings
    assert expected
    assert validate_request(service, task_definition=taskdef).findings == expected


def test_update_service_is_checked_on_what_it_sets() -> None:
    update = UpdateServiceRequest(service=SERVICE_ARN, desired_count=-1, platform_version="1.4")
    assert sorted(f.rule for f in validate_request(update)) == ["fargate-platform-exists", "svc-desired-count"]
    subnets = NetworkConfiguration(awsvpc_configuration=AwsVpcConfiguration(subnets=("subnet-nothex!",)))
    assert validate_request(UpdateServiceRequest(service="web", network_configuration=subnets)).rule_ids() == {
        "svc-awsvpc-id-format"
    }


def test_update_service_does_not_reason_from_what_it_leaves_out() -> None:
    # A grace period without load balancers in the update: the service's own load balancers are unchanged.
    update = UpdateServiceRequest(service="web", health_check_grace_period_seconds=60, enable_ecs_managed_tags=True)
    assert validate_request(update, task_definition=ec2_taskdef()).findings == ()


def test_update_service_rules_are_service_rules_of_the_catalog() -> None:
    assert set(CATALOG) >= UPDATE_SERVICE_RULES


def test_start_task_gets_the_run_task_rules_on_its_own_members() -> None:
    start = StartTaskRequest(task_definition="web", container_instances=("i-0123456789abcdef0",))
    report = validate_request(start, task_definition=fargate_taskdef())
    assert report.rule_ids() == {"launch-netcfg-required-awsvpc"}
    assert {f.path for f in report} == {"networkConfiguration"}


def test_lifecycle_policy_text_is_read_and_checked_under_its_member() -> None:
    good = PutLifecyclePolicyRequest(repository_name="web", lifecycle_policy_text=json.dumps(POLICY))
    assert validate_request(good).findings == ()
    bad_rule = {
        **POLICY["rules"][0],
        "selection": {"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 5},
    }
    bad = PutLifecyclePolicyRequest(repository_name="web", lifecycle_policy_text=json.dumps({"rules": [bad_rule]}))
    assert all(f.path.startswith("lifecyclePolicyText.rules[0]") for f in validate_request(bad))
    assert validate_request(bad).findings
    not_json = StartLifecyclePolicyPreviewRequest(repository_name="web", lifecycle_policy_text="{rules")
    assert [(f.rule, f.path) for f in validate_request(not_json)] == [("schema-wrong-type", "lifecyclePolicyText")]
    assert validate_request(StartLifecyclePolicyPreviewRequest(repository_name="web")).findings == ()


def test_other_requests_get_the_schema_check() -> None:
    assert validate_request(DescribeServicesRequest(services=("web",))).findings == ()
    bad = make(DescribeServicesRequest, services="web")
    assert [(f.rule, f.path) for f in validate_request(bad)] == [("schema-wrong-type", "services")]


def test_config_silences_by_rule_id() -> None:
    update = UpdateServiceRequest(service="web", desired_count=-1)
    assert validate_request(update, config=Config(disabled=frozenset({"svc-desired-count"}))).findings == ()
    bad = make(DescribeServicesRequest, services="web")
    assert validate_request(bad, config=Config(disabled=frozenset({"schema-wrong-type"}))).findings == ()


def test_only_models_are_requests() -> None:
    with pytest.raises(UsageError, match="not an ecskit model class"):
        validate_request({"family": "web"})


@pytest.mark.parametrize(("service", "cls"), REQUESTS, ids=[c.__name__ for _, c in REQUESTS])
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_any_valid_request_passes_the_schema_check(service: str, cls: type[Any], data: st.DataObject) -> None:
    request = from_api(data.draw(wire(service_model(service).shape_for(cls.__name__))), cls)
    assert attrs.has(type(request))
    schema = {f.rule for f in validate_request(request) if f.rule.startswith("schema-")}
    if not isinstance(request, PutLifecyclePolicyRequest | StartLifecyclePolicyPreviewRequest):
        assert not schema  # (a drawn lifecyclePolicyText is rarely a policy)
