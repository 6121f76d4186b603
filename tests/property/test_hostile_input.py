"""Hostile input never escapes as a raw exception: any JSON-ish value or text read as any request of ECS, ECR or
ECR Public gives a model or a ConversionError; validation of whatever reads gives a Report; the fake answers
documents holding such values or refuses them with AWS's error.

The values are those of :mod:`tests.support.hostile`: numbers beyond 64 bits or a double's range, NaN, text of
thousands of digits where a rule or the fake reads a number, nesting beyond Python's stack. Each once escaped as
an OverflowError, a ValueError or a RecursionError.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.codec import check, from_api, from_json, to_api, to_json
from ecskit.errors import BackendError, ConversionError
from ecskit.models._base import Request
from ecskit.models.ecs import CreateClusterRequest, CreateServiceRequest, RegisterTaskDefinitionRequest, RunTaskRequest
from ecskit.operations import SERVICES, operations
from ecskit.validation import (
    Report,
    validate_cluster,
    validate_request,
    validate_run_task,
    validate_service,
    validate_task_definition,
)
from tests.support.hostile import hostile_strings, hostile_text, hostile_values, put_anywhere
from tests.support.strategies import service_model, wire

#: Every request shape of every service ecskit models (with its botocore service name).
REQUESTS: list[tuple[str, type[Request[Any]]]] = sorted(
    {(service, op.request) for service in SERVICES for op in operations(service)},
    key=lambda pair: (pair[0], pair[1].__name__),
)


def _read(value: Any, cls: type[Any]) -> Any:
    """The model, or None for a ConversionError (with at least one problem); anything else fails the test."""
    try:
        model = from_api(value, cls)
    except ConversionError as exc:
        errors = exc.errors
    else:
        assert isinstance(model, cls)
        return model
    assert errors
    return None


@functools.cache
def _documents(service: str, cls: type[Any]) -> st.SearchStrategy[Any]:
    return wire(service_model(service).shape_for(cls.__name__))


@settings(max_examples=300, deadline=None)
@given(request=st.sampled_from(REQUESTS), value=hostile_values)
def test_any_value_as_any_request_is_a_model_or_a_conversion_error(request: tuple[str, type[Any]], value: Any) -> None:
    _read(value, request[1])


@settings(max_examples=300, deadline=None)
@given(request=st.sampled_from(REQUESTS), text=hostile_text)
def test_any_text_as_any_request_is_a_model_or_a_conversion_error(request: tuple[str, type[Any]], text: str) -> None:
    cls = request[1]
    try:
        model = from_json(text, cls)
    except ConversionError as exc:
        errors = exc.errors
    else:
        assert isinstance(model, cls)
        return
    assert errors


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_requests_read_write_and_validate(data: st.DataObject) -> None:
    service, cls = data.draw(st.sampled_from(REQUESTS))
    document = data.draw(_documents(service, cls))
    model = _read(data.draw(put_anywhere(document, hostile_values)), cls)
    if model is None:
        return
    # What reads writes back as JSON (no NaN, no Infinity) and reads back the same, and validation answers.
    assert check(model) == ()
    assert from_json(to_json(model), cls) == model
    assert from_api(to_api(model), cls) == model
    assert isinstance(validate_request(model), Report)


def _ecs(shape: str) -> st.SearchStrategy[Any]:
    return wire(service_model("ecs").shape_for(shape))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_validation_of_documents_with_numbers_in_text_gives_a_report(data: st.DataObject) -> None:
    taskdef = data.draw(put_anywhere(data.draw(_ecs("RegisterTaskDefinitionRequest")), hostile_strings))
    assert isinstance(validate_task_definition(taskdef), Report)  # a dict: schema findings for what does not read
    service = data.draw(put_anywhere(data.draw(_ecs("CreateServiceRequest")), hostile_strings))
    read = _read(taskdef, RegisterTaskDefinitionRequest)
    assert isinstance(validate_service(service, task_definition=read), Report)
    run = data.draw(put_anywhere(data.draw(_ecs("RunTaskRequest")), hostile_strings))
    assert isinstance(validate_run_task(run, task_definition=read), Report)
    cluster = data.draw(put_anywhere(data.draw(_ecs("CreateClusterRequest")), hostile_values))
    assert isinstance(validate_cluster(cluster), Report)


@pytest.fixture(scope="module")
def fake_ecs() -> Any:
    fake = FakeBackend()
    client = fake.client("ecs")
    client.create_cluster(clusterName="default")
    return client


_FARGATE = {
    "family": "web",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
    "containerDefinitions": [
        {
            "name": "app",
            "image": "nginx",
            "portMappings": [{"containerPort": 80}],
            "resourceRequirements": [{"type": "GPU", "value": "1"}],
        }
    ],
}
_EC2 = {
    "family": "batch",
    "networkMode": "bridge",
    "cpu": "1 vCPU",
    "memory": "2 GB",
    "containerDefinitions": [
        {"name": "app", "image": "nginx", "memory": 512, "portMappings": [{"containerPortRange": "8000-8010"}]}
    ],
}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_fake_answers_or_refuses_numbers_in_text(fake_ecs: Any, data: st.DataObject) -> None:
    """Through the fake's boto3 client, as code under test calls it: an answer or a ClientError (botocore takes
    any string, so every hostile string reaches the fake)."""
    taskdef = data.draw(put_anywhere(data.draw(st.sampled_from([_FARGATE, _EC2])), hostile_strings, strings=True))
    try:
        arn = fake_ecs.register_task_definition(**taskdef)["taskDefinition"]["taskDefinitionArn"]
    except ClientError:
        return
    run = {"cluster": "default", "taskDefinition": arn, "launchType": "FARGATE", "platformVersion": "1.4.0"}
    run = data.draw(put_anywhere(run, hostile_strings, strings=True))
    with contextlib.suppress(ClientError):
        fake_ecs.run_task(**run)
    with contextlib.suppress(ClientError):
        fake_ecs.create_service(serviceName="svc", **{k: v for k, v in run.items() if k != "cluster"})


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_fakes_typed_calls_answer_or_raise_backend_errors(data: st.DataObject) -> None:
    fake = FakeBackend()
    fake.ecs.create_cluster(CreateClusterRequest(cluster_name="default"))
    taskdef = data.draw(put_anywhere(data.draw(st.sampled_from([_FARGATE, _EC2])), hostile_values))
    request = _read(taskdef, RegisterTaskDefinitionRequest)
    if request is None:
        return
    try:
        fake.ecs.register_task_definition(request)
        fake.ecs.run_task(from_api({"taskDefinition": taskdef.get("family", "web")}, RunTaskRequest))
        fake.ecs.create_service(
            from_api({"serviceName": "s", "taskDefinition": taskdef.get("family", "web")}, CreateServiceRequest)
        )
    except BackendError:
        pass
