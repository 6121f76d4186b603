"""The codec's contract: lossless, strict, and every bad field reported at once with its JSON path."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from ecskit import ConversionError, from_api, from_json, read_task_definition, register_request_from, to_api, to_json
from ecskit.errors import UsageError
from ecskit.models.ecr import FindingSeverity, ImageScanFindings, PutImageRequest, ReplicationConfiguration
from ecskit.models.ecs import (
    ContainerDefinition,
    DescribeTaskDefinitionResponse,
    LaunchType,
    NetworkMode,
    PortMapping,
    RegisterTaskDefinitionRequest,
    TaskDefinition,
    TransportProtocol,
)
from ecskit.models.iam import PolicyDocument
from ecskit.models.lifecycle import LifecyclePolicy

TASKDEF: dict[str, Any] = {
    "family": "web",
    "networkMode": "awsvpc",
    "cpu": "256",
    "memory": "512",
    "requiresCompatibilities": ["FARGATE"],
    "containerDefinitions": [
        {"name": "app", "image": "nginx", "essential": True, "portMappings": [{"containerPort": 80}]},
        {"name": "sidecar", "image": "busybox", "dockerLabels": {"com.example.team": "web"}},
    ],
}


def _problems(exc: pytest.ExceptionInfo[ConversionError]) -> list[tuple[str, str]]:
    return [(e.path, e.code) for e in exc.value.errors]


def test_reads_into_typed_models() -> None:
    model = from_api(TASKDEF, RegisterTaskDefinitionRequest)
    assert model.network_mode is NetworkMode.AWSVPC
    assert model.container_definitions[0].port_mappings == (PortMapping(container_port=80),)
    assert model.container_definitions[1].docker_labels == {"com.example.team": "web"}
    assert model.requires_compatibilities == ("FARGATE",)
    assert to_api(model) == TASKDEF


def test_writes_wire_names_and_omits_absent_members() -> None:
    container = ContainerDefinition(name="app", image="nginx", port_mappings=(PortMapping(container_port=80),))
    assert to_api(container) == {"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}]}
    out = to_api(PortMapping(container_port=80, protocol=TransportProtocol.UDP))
    assert out == {"containerPort": 80, "protocol": "udp"}
    assert type(out["protocol"]) is str


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    bad = {
        "family": "web",
        "containerDefinitions": [
            {"name": "app", "image": "nginx"},
            {"name": "db", "image": "postgres", "essentail": True, "portMappings": [{"hostPort": "80"}]},
        ],
        "networkMode": "awsvcp",
        "cpu": 256,
    }
    with pytest.raises(ConversionError) as info:
        from_api(bad, RegisterTaskDefinitionRequest)
    assert _problems(info) == [
        ("containerDefinitions[1].essentail", "unknown-key"),
        ("containerDefinitions[1].portMappings[0].hostPort", "wrong-type"),
        ("networkMode", "bad-value"),
        ("cpu", "wrong-type"),
    ]
    hints = [e.hint for e in info.value.errors]
    assert hints == [
        "did you mean 'essential'?",
        "write it as the number 80, without quotes",
        "did you mean 'awsvpc'?",
        'write it as the string "256"',
    ]
    assert "containerDefinitions[1].portMappings[0].hostPort: expected an integer" in str(info.value)
    assert info.value.target == "RegisterTaskDefinitionRequest"


def test_missing_required_members_are_named() -> None:
    with pytest.raises(ConversionError) as info:
        from_api({"containerDefinitions": []}, RegisterTaskDefinitionRequest)
    assert _problems(info) == [("family", "missing-key")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "expected an object (RegisterTaskDefinitionRequest), got a list of 0"),
        ("text", "expected an object (RegisterTaskDefinitionRequest), got the string 'text'"),
        (None, "expected an object (RegisterTaskDefinitionRequest), got a NoneType"),
    ],
)
def test_non_objects_are_reported(value: object, message: str) -> None:
    with pytest.raises(ConversionError) as info:
        from_api(value, RegisterTaskDefinitionRequest)
    assert info.value.errors[0].message == message


def test_booleans_are_not_integers_and_integers_not_strings() -> None:
    with pytest.raises(ConversionError) as info:
        from_api({"containerPort": True, "name": 5}, PortMapping)
    assert _problems(info) == [("containerPort", "wrong-type"), ("name", "wrong-type")]


def test_a_single_object_where_a_list_belongs_gets_a_hint() -> None:
    with pytest.raises(ConversionError) as info:
        from_api({"name": "a", "portMappings": {"containerPort": 80}}, ContainerDefinition)
    assert info.value.errors[0].hint == "wrap the value in a list: [ ... ]"


def test_null_members_are_absent() -> None:
    model = from_api({"name": "app", "image": None, "links": None}, ContainerDefinition)
    assert model == ContainerDefinition(name="app")
    assert to_api(model) == {"name": "app"}


def test_null_inside_a_list_is_an_error() -> None:
    with pytest.raises(ConversionError) as info:
        from_api({"name": "app", "links": ["db", None]}, ContainerDefinition)
    assert _problems(info) == [("links[1]", "wrong-type")]


def test_unknown_keys_can_be_ignored_for_forward_compatibility() -> None:
    data = {"name": "app", "brandNewMember": {"x": 1}}
    with pytest.raises(ConversionError):
        from_api(data, ContainerDefinition)
    assert from_api(data, ContainerDefinition, unknown="ignore") == ContainerDefinition(name="app")


def test_unknown_enum_values_survive_lenient_reading() -> None:
    data = {"containerPort": 80, "protocol": "sctp"}
    with pytest.raises(ConversionError) as info:
        from_api(data, PortMapping)
    assert info.value.errors[0].message == "'sctp' is not one of: tcp, udp"
    model = from_api(data, PortMapping, unknown="ignore")
    assert model.protocol == "sctp"
    assert isinstance(model.protocol, TransportProtocol)
    assert to_api(model) == data


def test_case_slips_in_enum_values_get_a_suggestion() -> None:
    with pytest.raises(ConversionError) as info:
        from_api({"taskDefinition": "x", "launchType": "fargate"}, _run_task_request())
    assert info.value.errors[0].hint == "did you mean 'FARGATE'?"
    assert LaunchType.FARGATE == "FARGATE"


def _run_task_request() -> type:
    from ecskit.models.ecs import RunTaskRequest

    return RunTaskRequest


def test_timestamps() -> None:
    when = datetime.datetime(2023, 10, 24, 21, 3, 57, 530000, tzinfo=datetime.UTC)
    for given in (when, "2023-10-24T21:03:57.530Z", "2023-10-24T21:03:57.530+00:00", when.timestamp()):
        model = from_api({"registeredAt": given}, TaskDefinition)
        assert model.registered_at == when
    model = from_api({"registeredAt": when}, TaskDefinition)
    assert to_api(model) == {"registeredAt": when}
    assert json.loads(to_json(model)) == {"registeredAt": "2023-10-24T21:03:57.530Z"}
    with pytest.raises(ConversionError) as info:
        from_api({"registeredAt": "yesterday"}, TaskDefinition)
    assert _problems(info) == [("registeredAt", "bad-value")]


def test_blobs_travel_as_base64_in_json() -> None:
    from ecskit.models.ecr import UploadLayerPartRequest

    model = UploadLayerPartRequest(
        repository_name="r", upload_id="u", part_first_byte=0, part_last_byte=2, layer_part_blob=b"abc"
    )
    text = to_json(model)
    assert json.loads(text)["layerPartBlob"] == "YWJj"
    assert from_json(text, UploadLayerPartRequest) == model
    assert to_api(model)["layerPartBlob"] == b"abc"


def test_enum_keyed_maps() -> None:
    data = {"findingSeverityCounts": {"HIGH": 2, "LOW": 1}}
    model = from_api(data, ImageScanFindings)
    assert model.finding_severity_counts == {FindingSeverity.HIGH: 2, FindingSeverity.LOW: 1}
    assert to_api(model) == data


def test_map_keys_with_dots_are_quoted_in_paths() -> None:
    with pytest.raises(ConversionError) as info:
        from_api({"dockerLabels": {"com.example": 1}}, ContainerDefinition)
    assert _problems(info) == [("dockerLabels['com.example']", "wrong-type")]


def test_text_that_is_not_json() -> None:
    with pytest.raises(ConversionError) as info:
        from_json("{not json", RegisterTaskDefinitionRequest)
    assert _problems(info) == [("", "not-json")]


@pytest.mark.parametrize(
    ("text", "path", "message", "hint"),
    [
        (
            '{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countNumber": ${count}}}]}',
            "rules[0].selection.countNumber",
            "not JSON: an unfilled template placeholder ${count} where a value belongs (line 1 column 81)",
            "fill in the template before reading it",
        ),
        (
            '{"rules": [{}, {"rulePriority": {{ priority }}}]}',
            "rules[1].rulePriority",
            "not JSON: an unfilled template placeholder {{ priority }} where a value belongs (line 1 column 33)",
            "fill in the template before reading it",
        ),
        (
            '{"rules": [\n  {"rulePriority": integer}\n]}',
            "rules[0].rulePriority",
            "not JSON: Expecting value (line 2 column 20), at 'integer'",
            None,
        ),
        (
            '{"rules": [], "a\\"b": 1 2}',
            "['a\"b']",
            "not JSON: Expecting ',' delimiter (line 1 column 25), at '2'",
            None,
        ),
        (b'{"rules": [1, 2,]}', "rules[2]", "not JSON: Expecting value (line 1 column 17), at ']'", None),
    ],
)
def test_text_that_is_not_json_names_the_member_where_it_breaks(
    text: str | bytes, path: str, message: str, hint: str | None
) -> None:
    with pytest.raises(ConversionError) as info:
        from_json(text, LifecyclePolicy)
    assert [(e.path, e.code, e.message, e.hint) for e in info.value.errors] == [(path, "not-json", message, hint)]


def test_members_in_another_case_are_named_with_the_ones_inside() -> None:
    cloudformation = {"Family": "web", "ContainerDefinitions": [{"Name": "app", "Image": "nginx", "Essential": True}]}
    with pytest.raises(ConversionError) as info:
        from_api(cloudformation, RegisterTaskDefinitionRequest)
    assert [(e.path, e.code, e.hint) for e in info.value.errors] == [
        ("Family", "unknown-key", "did you mean 'family'? The API's names are camelCase, CloudFormation's PascalCase"),
        (
            "ContainerDefinitions",
            "unknown-key",
            "did you mean 'containerDefinitions'? The API's names are camelCase, CloudFormation's PascalCase; "
            "rename inside it too: 'Name' -> 'name', 'Image' -> 'image', 'Essential' -> 'essential'",
        ),
        ("family", "missing-key", "the document has 'Family': names are case-sensitive"),
        ("containerDefinitions", "missing-key", "the document has 'ContainerDefinitions': names are case-sensitive"),
    ]
    with pytest.raises(ConversionError) as info:
        from_api({"version": "2012-10-17", "Statement": []}, PolicyDocument)
    assert [(e.path, e.hint) for e in info.value.errors] == [("version", "did you mean 'Version'?")]


def test_a_lone_member_value_is_named_with_its_wrapper() -> None:
    statement = {"Effect": "Allow", "Action": "ecr:*"}
    with pytest.raises(ConversionError) as info:
        from_api(statement, PolicyDocument)
    assert [(e.path, e.code, e.hint) for e in info.value.errors] == [
        ("Effect", "unknown-key", "a Statement key: the object looks like one Statement, without its PolicyDocument"),
        ("Action", "unknown-key", "a Statement key: the object looks like one Statement, without its PolicyDocument"),
        (
            "Statement",
            "missing-key",
            "the object's keys are Statement's: give it as {\"Statement\": [ { ... } ]}",
        ),
    ]
    with pytest.raises(ConversionError) as info:  # a misspelt member is no statement: the usual suggestion
        from_api({"Statment": [statement]}, PolicyDocument)
    assert [e.hint for e in info.value.errors] == ["did you mean 'Statement'?", None]


def test_a_list_where_an_object_with_one_list_member_belongs() -> None:
    rules = [{"destinations": [{"region": "us-west-2", "registryId": "111122223333"}]}]
    with pytest.raises(ConversionError) as info:
        from_api(rules, ReplicationConfiguration)
    assert info.value.errors[0].hint == "the list belongs in 'rules': give {\"rules\": [ ... ]}"
    with pytest.raises(ConversionError) as info:  # a list holding one such object: give the object itself
        from_api([{"containerPort": 80}], PortMapping)
    assert info.value.errors[0].hint == "give the object itself, not a list holding it"


def test_deep_nesting_is_a_conversion_error() -> None:
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(ConversionError):
        from_api({"family": "f", "containerDefinitions": deep}, RegisterTaskDefinitionRequest)


def test_non_model_classes_are_a_programming_error() -> None:
    with pytest.raises(UsageError):
        from_api({}, dict)
    with pytest.raises(UsageError):
        to_api({"a": 1})


def test_describe_output_becomes_register_input() -> None:
    described: dict[str, Any] = {
        "taskDefinition": {
            **TASKDEF,
            "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
            "revision": 3,
            "status": "ACTIVE",
            "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
            "compatibilities": ["EC2", "FARGATE"],
            "registeredAt": "2024-01-01T00:00:00Z",
            "registeredBy": "arn:aws:iam::123456789012:user/me",
        },
        "tags": [{"key": "team", "value": "web"}],
    }
    request = read_task_definition(described)
    assert to_api(request) == {**TASKDEF, "tags": [{"key": "team", "value": "web"}]}
    # the inner describe output alone, and the flattened form tools write (tags beside the members)
    assert to_api(read_task_definition(described["taskDefinition"])) == TASKDEF
    flattened = {**described["taskDefinition"], "tags": described["tags"]}
    assert read_task_definition(flattened) == request
    response = from_api(described, DescribeTaskDefinitionResponse)
    assert register_request_from(response) == request
    # register input passes through unchanged
    assert to_api(read_task_definition(TASKDEF)) == TASKDEF


def test_a_task_definition_file_is_read_from_its_path(tmp_path: Path) -> None:
    described = {"taskDefinition": {**TASKDEF, "revision": 3, "status": "ACTIVE"}}
    path = tmp_path / "web.json"
    path.write_text(json.dumps(described), encoding="utf-8")
    assert to_api(read_task_definition(path)) == TASKDEF
    with pytest.raises(ConversionError) as info:  # a str is JSON text: the error says how to read the file
        read_task_definition(str(path))
    (error,) = info.value.errors
    assert error.code == "not-json"
    assert error.hint == f"a str is JSON text: to read the file, pass a path, Path({str(path)!r})"
    with pytest.raises(ConversionError) as info:
        read_task_definition("{not json")
    assert "Path(" not in str(info.value)  # JSON text gone wrong gets no word about files
    with pytest.raises(UsageError, match="cannot read"):
        read_task_definition(tmp_path / "missing.json")


def test_describe_output_without_required_members() -> None:
    with pytest.raises(ConversionError) as info:
        read_task_definition({"revision": 1, "family": "web"})
    assert [(e.path, e.code) for e in info.value.errors] == [("containerDefinitions", "missing-key")]


def test_put_image_round_trip_keeps_the_manifest_text() -> None:
    data = {"repositoryName": "app", "imageManifest": '{"schemaVersion": 2}', "imageTag": "v1"}
    assert to_api(from_api(data, PutImageRequest)) == data


def test_cattrs_integration_reports_conversion_errors() -> None:
    import attrs
    import cattrs

    from ecskit.codec import make_converter

    @attrs.frozen
    class Release:
        version: str
        container: ContainerDefinition

    conv = make_converter()
    release = conv.structure({"version": "1", "container": {"name": "app", "image": "nginx"}}, Release)
    assert release.container == ContainerDefinition(name="app", image="nginx")
    assert conv.unstructure(release) == {"version": "1", "container": {"name": "app", "image": "nginx"}}
    with pytest.raises(ConversionError):
        make_converter(cattrs.Converter(detailed_validation=False)).structure(
            {"version": "1", "container": {"nmae": "app"}}, Release
        )
    with pytest.raises(cattrs.ClassValidationError) as info:  # cattrs' default groups every error
        conv.structure({"version": "1", "container": {"nmae": "app"}}, Release)
    assert isinstance(info.value.exceptions[0], ConversionError)
