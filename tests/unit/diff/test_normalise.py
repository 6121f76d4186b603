"""Normalisation of task definitions: each rule, the forms read, idempotence, and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.codec import from_api
from ecskit.diff import diff_task_definitions, normalise_task_definition
from ecskit.errors import ConversionError
from ecskit.models.ecs import (
    DescribeTaskDefinitionResponse,
    RegisterTaskDefinitionRequest,
    RegisterTaskDefinitionResponse,
    TaskDefinition,
)
from tests.support.strategies import mutate, service_model, wire

_ECS = service_model("ecs")


def _td(**members: Any) -> dict[str, Any]:
    container = {"name": "app", "image": "nginx:1.27"}
    container.update(members.pop("container", {}))
    return {"family": "web", "containerDefinitions": [container], **members}


def _container(doc: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = normalise_task_definition(doc)["containerDefinitions"][0]
    return container


@pytest.mark.parametrize(
    ("cpu", "memory"),
    [("1 vCPU", "2GB"), ("1024", "2048"), ("1vcpu", "2 GB"), (" 1.0 vCPU ", "2gb"), ("1 VCPU", "2 gb")],
)
def test_task_size_spellings_normalise_to_units(cpu: str, memory: str) -> None:
    doc = normalise_task_definition(_td(cpu=cpu, memory=memory))
    assert (doc["cpu"], doc["memory"]) == ("1024", "2048")


def test_unreadable_sizes_stay_as_written() -> None:
    # An unfilled template is compared as text, not rejected: it is a legal string member.
    doc = normalise_task_definition(_td(cpu="${CPU}", memory="{{ memory }}"))
    assert (doc["cpu"], doc["memory"]) == ("${CPU}", "{{ memory }}")


def test_container_defaults_are_filled_in() -> None:
    container = _container(_td())
    assert container["essential"] is True
    assert container["cpu"] == 0
    assert _container(_td(container={"essential": False}))["essential"] is False
    assert _container(_td(container={"cpu": 128}))["cpu"] == 128


@pytest.mark.parametrize(("network_mode", "host_port"), [("awsvpc", 8080), ("host", 8080), ("bridge", 0), (None, 0)])
def test_port_mapping_defaults(network_mode: str | None, host_port: int) -> None:
    extra = {"networkMode": network_mode} if network_mode else {}
    doc = _td(container={"portMappings": [{"containerPort": 8080}]}, **extra)
    assert _container(doc)["portMappings"] == [{"containerPort": 8080, "hostPort": host_port, "protocol": "tcp"}]


def test_port_mapping_explicit_values_are_kept() -> None:
    mapping = {"containerPort": 53, "hostPort": 5353, "protocol": "udp"}
    assert _container(_td(container={"portMappings": [mapping]}))["portMappings"] == [mapping]
    ranged = {"containerPortRange": "8000-8010"}
    assert _container(_td(networkMode="awsvpc", container={"portMappings": [ranged]}))["portMappings"] == [
        {"containerPortRange": "8000-8010", "protocol": "tcp"}
    ]


def test_health_check_defaults() -> None:
    check = {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}
    assert _container(_td(container={"healthCheck": check}))["healthCheck"] == {
        **check,
        "interval": 30,
        "timeout": 5,
        "retries": 3,
    }
    custom = {**check, "interval": 10, "startPeriod": 60}
    assert _container(_td(container={"healthCheck": custom}))["healthCheck"]["interval"] == 10


def test_efs_defaults_are_dropped() -> None:
    efs = {"fileSystemId": "fs-1", "rootDirectory": "/", "transitEncryption": "DISABLED"}
    volume = {"name": "data", "efsVolumeConfiguration": {**efs, "authorizationConfig": {"iam": "DISABLED"}}}
    assert normalise_task_definition(_td(volumes=[volume]))["volumes"] == [
        {"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}
    ]


def test_empty_collections_are_absent_but_empty_argv_is_kept() -> None:
    container = _container(
        _td(
            container={
                "environment": [],
                "mountPoints": [],
                "dockerLabels": {},
                "linuxParameters": {"capabilities": {"add": [], "drop": []}},
                "command": [],
                "entryPoint": [],
            }
        )
    )
    assert "environment" not in container
    assert "mountPoints" not in container
    assert "dockerLabels" not in container
    assert "linuxParameters" not in container  # empty all the way down
    assert container["command"] == []
    assert container["entryPoint"] == []


def test_sets_are_sorted_by_identity_and_argv_keeps_its_order() -> None:
    doc = normalise_task_definition(
        {
            "family": "web",
            "requiresCompatibilities": ["FARGATE", "EC2", "FARGATE"],
            "tags": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}],
            "containerDefinitions": [
                {"name": "z", "image": "busybox", "command": ["sh", "-c", "echo hi"]},
                {
                    "name": "a",
                    "image": "nginx",
                    "environment": [{"name": "Y", "value": "1"}, {"name": "X", "value": "2"}],
                    "portMappings": [{"containerPort": 443}, {"containerPort": 80}],
                    "dependsOn": [
                        {"containerName": "z", "condition": "START"},
                        {"containerName": "y", "condition": "START"},
                    ],
                    "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE", "NET_ADMIN"]}},
                },
            ],
        }
    )
    assert doc["requiresCompatibilities"] == ["EC2", "FARGATE"]
    assert [t["key"] for t in doc["tags"]] == ["a", "b"]
    first, second = doc["containerDefinitions"]
    assert (first["name"], second["name"]) == ("a", "z")
    assert [e["name"] for e in first["environment"]] == ["X", "Y"]
    assert [p["containerPort"] for p in first["portMappings"]] == [80, 443]  # numbers sort as numbers
    assert [d["containerName"] for d in first["dependsOn"]] == ["y", "z"]
    assert first["linuxParameters"]["capabilities"]["add"] == ["NET_ADMIN", "SYS_PTRACE"]
    assert second["command"] == ["sh", "-c", "echo hi"]


def test_members_come_in_a_fixed_order_with_identity_first() -> None:
    written = {"memory": "512", "containerDefinitions": [{"image": "x", "name": "app"}], "family": "f"}
    doc = normalise_task_definition(written)
    assert list(doc) == ["family", "containerDefinitions", "memory"]
    assert list(doc["containerDefinitions"][0]) == ["name", "cpu", "essential", "image"]


def test_every_form_of_a_task_definition_normalises_the_same(tmp_path: Path) -> None:
    register = _td(cpu="256", memory="512", tags=[{"key": "team", "value": "web"}])
    described = {
        **{k: v for k, v in register.items() if k != "tags"},
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "revision": 3,
        "status": "ACTIVE",
        "compatibilities": ["EC2"],
        "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
        "registeredAt": "2025-01-01T00:00:00Z",
        "registeredBy": "arn:aws:iam::123456789012:root",
    }
    response = {"taskDefinition": described, "tags": register["tags"]}
    beside = {**described, "tags": register["tags"]}  # describe output with the tags beside, as tools write it
    path = tmp_path / "td.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    forms: list[Any] = [
        register,
        json.dumps(register),
        json.dumps(register).encode(),
        path,
        response,
        beside,
        from_api(register, RegisterTaskDefinitionRequest),
        from_api(response, DescribeTaskDefinitionResponse),
        from_api(response, RegisterTaskDefinitionResponse),
    ]
    expected = normalise_task_definition(register)
    for form in forms:
        assert normalise_task_definition(form) == expected, type(form)
    # A TaskDefinition alone carries no tags (they live on the response beside it).
    untagged = normalise_task_definition(from_api(described, TaskDefinition))
    assert untagged == {k: v for k, v in expected.items() if k != "tags"}


@pytest.mark.parametrize(
    ("bad", "path"),
    [
        ([1, 2], ""),
        (42, ""),
        (None, ""),
        ("{not json", ""),
        (b"\xff\xfe", ""),
        ({"family": "web"}, "containerDefinitions"),
        ({"family": "web", "containerDefinitions": [{"name": "app", "image": 3}]}, "containerDefinitions[0].image"),
        ({"family": "web", "containerDefinitions": [], "cpu": 1024}, "cpu"),
        ({"family": "web", "containerDefinitions": [], "essentail": True}, "essentail"),
        ({"taskDefinition": {"family": "web"}}, "containerDefinitions"),
        ({"taskDefinition": None, "tags": []}, "taskDefinition"),
        ({"family": "web", "containerDefinitions": [], "revision": "three"}, "revision"),
    ],
)
def test_bad_input_is_a_conversion_error_naming_the_field(bad: Any, path: str) -> None:
    with pytest.raises(ConversionError) as info:
        normalise_task_definition(bad)
    assert path in {e.path for e in info.value.errors}
    with pytest.raises(ConversionError):
        diff_task_definitions(_td(), bad)


def test_unknown_members_can_be_ignored() -> None:
    doc = _td(newMemberFromAFutureRelease=True)
    with pytest.raises(ConversionError):
        normalise_task_definition(doc)
    assert normalise_task_definition(doc, unknown="ignore") == normalise_task_definition(_td())


@given(doc=wire(_ECS.shape_for("RegisterTaskDefinitionRequest")))
def test_normalising_is_idempotent_and_self_diff_is_empty(doc: dict[str, Any]) -> None:
    once = normalise_task_definition(doc)
    assert normalise_task_definition(once) == once
    assert not diff_task_definitions(doc, doc)
    assert not diff_task_definitions(doc, once)


@given(data=st.data())
def test_any_broken_document_is_a_conversion_error_or_a_result(data: st.DataObject) -> None:
    doc = data.draw(wire(_ECS.shape_for("RegisterTaskDefinitionRequest")).flatmap(mutate))
    try:
        result = normalise_task_definition(doc)
    except ConversionError:
        return
    assert isinstance(result, dict)
