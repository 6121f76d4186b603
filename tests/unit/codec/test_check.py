"""ecskit.codec.check: models built in Python are held to the same shape as documents read by from_api."""

from __future__ import annotations

import datetime
from types import MappingProxyType
from typing import Any, TypeVar

import pytest

from ecskit.codec import check, checked, from_api, to_api
from ecskit.errors import ConversionError, UsageError
from ecskit.models.ecr import PutLifecyclePolicyRequest
from ecskit.models.ecs import (
    Compatibility,
    ContainerDefinition,
    KeyValuePair,
    LaunchType,
    NetworkMode,
    PortMapping,
    RegisterTaskDefinitionRequest,
    Tag,
    TaskDefinition,
)
from ecskit.models.iam import Effect, Statement

M = TypeVar("M")


def make(cls: type[M], **members: Any) -> M:
    """A model with members of any type: what the annotations (and mypy) would refuse is the point here."""
    return cls(**members)


def _td(**changes: Any) -> RegisterTaskDefinitionRequest:
    members = {"family": "web", "container_definitions": (ContainerDefinition(name="app", image="nginx"),)}
    return make(RegisterTaskDefinitionRequest, **{**members, **changes})


def _found(model: object) -> list[tuple[str, str, str | None]]:
    return [(e.path, e.code, e.hint) for e in check(model)]


def test_a_well_typed_model_has_no_problem() -> None:
    td = _td(network_mode=NetworkMode.AWSVPC, cpu="256", requires_compatibilities=(Compatibility.FARGATE,))
    assert check(td) == ()
    assert checked(td) is td


def test_plain_strings_of_enum_values_and_lists_for_tuples_are_accepted() -> None:
    td = _td(network_mode="awsvpc", requires_compatibilities=["FARGATE"], tags=[Tag(key="team", value="web")])
    assert check(td) == ()


def test_the_issue_cases_are_reported_with_paths_and_fixes() -> None:
    port = make(PortMapping, container_port="80")
    container = make(ContainerDefinition, name="app", memory="128", port_mappings=(port,))
    td = _td(network_mode="awsvcp", cpu=256, container_definitions=(container,))
    assert sorted(_found(td)) == [
        ("containerDefinitions[0].memory", "wrong-type", "write it as the number 128, without quotes"),
        (
            "containerDefinitions[0].portMappings[0].containerPort",
            "wrong-type",
            "write it as the number 80, without quotes",
        ),
        ("cpu", "wrong-type", 'write it as the string "256"'),
        ("networkMode", "bad-value", "did you mean 'awsvpc'?"),
    ]


def test_messages_read_like_from_api_ones() -> None:
    (error,) = check(make(PortMapping, container_port="80"))
    assert (
        str(error)
        == "containerPort: expected an integer, got the string '80' (write it as the number 80, without quotes)"
    )
    (error,) = check(_td(network_mode="awsvcp"))
    assert error.message == "'awsvcp' is not one of: bridge, host, awsvpc, none"


def test_required_members_left_none_are_missing_keys() -> None:
    td = make(RegisterTaskDefinitionRequest, family=None, container_definitions=None)
    assert _found(td) == [
        ("family", "missing-key", "set family"),
        ("containerDefinitions", "missing-key", "set container_definitions"),
    ]


def test_bool_is_not_an_integer_and_integral_floats_get_a_hint() -> None:
    assert _found(make(PortMapping, container_port=True)) == [("containerPort", "wrong-type", "give an integer")]
    assert _found(make(PortMapping, container_port=80, host_port=8080.0)) == [
        ("hostPort", "wrong-type", "write it as the integer 8080")
    ]


def test_enum_items_of_tuples_are_checked_one_by_one() -> None:
    td = _td(requires_compatibilities=("EC2", "FARGTE"))
    assert _found(td) == [("requiresCompatibilities[1]", "bad-value", "did you mean 'FARGATE'?")]


def test_a_member_of_another_enum_counts_by_its_value() -> None:
    # LaunchType.FARGATE is the string "FARGATE", which is a Compatibility value.
    assert check(_td(requires_compatibilities=(LaunchType.FARGATE,))) == ()
    assert _found(_td(network_mode=LaunchType.FARGATE)) == [("networkMode", "bad-value", None)]


def test_dicts_where_models_belong_and_single_values_where_tuples_belong() -> None:
    td = _td(container_definitions=({"name": "app"},), requires_compatibilities="FARGATE")
    assert _found(td) == [
        (
            "containerDefinitions[0]",
            "wrong-type",
            "build a ContainerDefinition(...), or read the dict with ecskit.from_api(data, ContainerDefinition)",
        ),
        ("requiresCompatibilities", "wrong-type", "wrap the value in a tuple: ('FARGATE',)"),
    ]


def test_nested_tuples_dicts_and_none_items() -> None:
    container = make(
        ContainerDefinition,
        name="app",
        environment=(make(KeyValuePair, name="A", value=1), None),
        docker_labels={"ok": "1", 2: "x", "bad": 3},
        command=("run", 5),
    )
    assert [(e.path, e.code) for e in check(container)] == [
        ("command[1]", "wrong-type"),
        ("environment[0].value", "wrong-type"),
        ("environment[1]", "wrong-type"),
        ("dockerLabels", "wrong-type"),
        ("dockerLabels.bad", "wrong-type"),
    ]
    assert check(make(ContainerDefinition, name="app", docker_labels=MappingProxyType({"a": "b"}))) == ()


def test_timestamps_are_datetimes() -> None:
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert check(make(TaskDefinition, registered_at=when)) == ()
    (error,) = check(make(TaskDefinition, registered_at="2024-01-01T00:00:00Z"))
    assert error.path == "registeredAt"
    assert error.message == "expected a datetime, got the string '2024-01-01T00:00:00Z'"


def test_unions_are_explained_against_the_option_of_the_same_kind() -> None:
    assert check(make(Statement, effect=Effect.ALLOW, action=("ecr:*",), resource="*")) == ()
    assert [(e.path, e.message) for e in check(make(Statement, effect="Allow", action=("ecr:*", 1), resource=5))] == [
        ("Action[1]", "expected a string, got the integer 1"),
        ("Resource", "expected a string or a tuple, got the integer 5"),
    ]


def test_unknown_enum_values_pass_only_when_asked() -> None:
    read = from_api({"containerPort": 80, "protocol": "sctp"}, PortMapping, unknown="ignore")
    assert [e.code for e in check(read)] == ["bad-value"]
    assert check(read, unknown="ignore") == ()
    assert check(make(PortMapping, container_port=80, protocol="sctp"), unknown="ignore") == ()


def test_checked_raises_a_conversion_error_naming_the_class() -> None:
    with pytest.raises(ConversionError) as info:
        checked(make(PutLifecyclePolicyRequest, repository_name="web", lifecycle_policy_text=None))
    assert info.value.target == "PutLifecyclePolicyRequest"
    assert [e.path for e in info.value.errors] == ["lifecyclePolicyText"]


def test_only_models_are_checked() -> None:
    with pytest.raises(UsageError, match="not an ecskit model class"):
        check({"family": "web"})


def test_a_checked_model_writes_and_reads_back() -> None:
    td = _td(network_mode="awsvpc", requires_compatibilities=["FARGATE"])
    assert check(td) == ()
    assert from_api(to_api(td), RegisterTaskDefinitionRequest) == _td(
        network_mode=NetworkMode.AWSVPC, requires_compatibilities=(Compatibility.FARGATE,)
    )
