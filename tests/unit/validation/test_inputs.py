"""The validate_* functions take a model, the API's dict, JSON text or a JSON file, and check the schema first."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from ecskit.codec import from_api
from ecskit.errors import ConversionError, UsageError
from ecskit.models.ecs import (
    ContainerDefinition,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    PortMapping,
    PutClusterCapacityProvidersRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
)
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.validation import (
    Config,
    Report,
    validate_capacity_provider,
    validate_cluster,
    validate_lifecycle_policy,
    validate_run_task,
    validate_service,
    validate_task_definition,
)
from tests.support import cases as cases_package
from tests.support.rulecases import Case, ec2_service, fargate_taskdef

M = TypeVar("M")

VALIDATORS: dict[str, tuple[Callable[..., Report], type[Any]]] = {
    "taskdef": (validate_task_definition, RegisterTaskDefinitionRequest),
    "service": (validate_service, CreateServiceRequest),
    "run-task": (validate_run_task, RunTaskRequest),
    "cluster": (validate_cluster, CreateClusterRequest),
    "capacity-provider": (validate_capacity_provider, CreateCapacityProviderRequest),
    "lifecycle-policy": (validate_lifecycle_policy, LifecyclePolicy),
}
FORMS = ("model", "dict", "str", "bytes", "path")
ALL_CASES: list[Case] = [
    case
    for info in pkgutil.iter_modules(cases_package.__path__)
    for case in importlib.import_module(f"{cases_package.__name__}.{info.name}").CASES
]


def make(cls: type[M], **members: Any) -> M:
    """A model with members of any type (what mypy would refuse is the point here)."""
    return cls(**members)


def _in_form(form: str, doc: dict[str, Any], cls: type[Any], tmp_path: Path) -> Any:
    if form == "model":
        return from_api(doc, cls)
    if form == "dict":
        return doc
    if form == "str":
        return json.dumps(doc)
    if form == "bytes":
        return json.dumps(doc).encode()
    path = tmp_path / f"{cls.__name__}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _seen(report: Report) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in report]


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.rule}-{c.name}" if c.name else c.rule for c in ALL_CASES])
def test_every_form_of_a_document_gives_the_same_report(case: Case, tmp_path: Path) -> None:
    validate, cls = VALIDATORS[case.kind]
    extra: dict[str, Any] = {}
    if case.kind in ("service", "run-task"):
        extra = {"task_definition": case.taskdef, "cluster": case.cluster}
    expected = _seen(validate(from_api(case.bad, cls), **extra))
    assert case.rule in {rule for rule, _, _ in expected}
    for form in FORMS:
        assert _seen(validate(_in_form(form, case.bad, cls, tmp_path), **extra)) == expected, form


def test_a_model_of_the_wrong_types_gets_schema_findings_and_no_rule() -> None:
    container = make(
        ContainerDefinition, name="app", image="nginx", memory="128", port_mappings=(PortMapping(container_port=80),)
    )
    td = make(
        RegisterTaskDefinitionRequest,
        family="web",
        network_mode="awsvcp",
        cpu=256,
        requires_compatibilities=("FARGATE",),
        container_definitions=(container,),
    )
    report = validate_task_definition(td)
    assert sorted((f.rule, f.path, f.hint) for f in report) == [
        ("schema-bad-value", "networkMode", "did you mean 'awsvpc'?"),
        ("schema-wrong-type", "containerDefinitions[0].memory", "write it as the number 128, without quotes"),
        ("schema-wrong-type", "cpu", 'write it as the string "256"'),
    ]


def test_a_builder_port_given_as_text_is_reported_not_raised() -> None:
    td = RegisterTaskDefinitionRequest(
        family="web",
        container_definitions=(
            ContainerDefinition(
                name="app", image="nginx", memory=128, port_mappings=(make(PortMapping, container_port="80"),)
            ),
        ),
    )
    assert [(f.rule, f.path) for f in validate_task_definition(td)] == [
        ("schema-wrong-type", "containerDefinitions[0].portMappings[0].containerPort")
    ]


def test_silenced_schema_rules_still_keep_the_rules_away() -> None:
    td = make(RegisterTaskDefinitionRequest, family="web", cpu=256, container_definitions=())
    assert validate_task_definition(td, config=Config(disabled=frozenset({"schema-wrong-type"}))).findings == ()


def test_text_that_is_not_json_is_a_finding() -> None:
    (finding,) = validate_task_definition("{not json")
    assert finding.rule == "schema-wrong-type"
    assert finding.message.startswith("not JSON")


def test_a_file_that_cannot_be_read_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"missing\.json: cannot read"):
        validate_task_definition(tmp_path / "missing.json")
    with pytest.raises(UsageError, match="cannot read"):
        validate_service(tmp_path)


def test_a_model_of_another_kind_is_a_usage_error() -> None:
    taskdef: Any = from_api(fargate_taskdef(), RegisterTaskDefinitionRequest)
    service: Any = from_api(ec2_service(), CreateServiceRequest)
    with pytest.raises(UsageError, match="expected a CreateCapacityProviderRequest"):
        validate_capacity_provider(taskdef)
    with pytest.raises(UsageError, match="expected a task definition"):
        validate_task_definition(service)


def test_what_a_subject_is_checked_against_must_fit_its_schema() -> None:
    bad = make(RegisterTaskDefinitionRequest, family="web", container_definitions=(), cpu=256)
    with pytest.raises(ConversionError) as info:
        validate_service(from_api(ec2_service(), CreateServiceRequest), task_definition=bad)
    assert [e.path for e in info.value.errors] == ["cpu"]


def test_a_described_service_is_checked_as_the_request_that_makes_it() -> None:
    described = {
        "serviceName": "web",
        "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
        "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
        "taskDefinition": "web:3",
        "desiredCount": -1,
        "status": "ACTIVE",
    }
    report = validate_service({"services": [described], "failures": []})
    assert [(f.rule, f.path) for f in report] == [("svc-desired-count", "desiredCount")]


def test_cluster_documents_are_told_apart_by_their_cluster_key() -> None:
    put = {
        "cluster": "prod",
        "capacityProviders": ["FARGATE"],
        "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1001}],
    }
    assert (
        validate_cluster(put).rule_ids()
        == validate_cluster(from_api(put, PutClusterCapacityProvidersRequest)).rule_ids()
    )
    assert "cps-weight-range" in validate_cluster(put).rule_ids()
    assert validate_cluster({"clusterName": "prod"}).findings == ()
