"""Property tests of the codec over every model, driven by botocore's shape model."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

import ecskit.models.ecr as ecr_models
import ecskit.models.ecs as ecs_models
from ecskit.codec import from_api, from_json, to_api, to_json
from ecskit.errors import ConversionError
from ecskit.models import iam, lifecycle
from tests.support.strategies import json_values, mutate, service_model, wire

MODULES: dict[str, Any] = {"ecs": ecs_models, "ecr": ecr_models}


def _structures(service: str) -> list[str]:
    module = MODULES[service]
    return sorted(n for n in module.__all__ if attrs.has(getattr(module, n)))


CASES = [(s, n) for s in ("ecs", "ecr") for n in _structures(s)]
REQUESTS = [
    (s, op)
    for s in ("ecs", "ecr")
    for op in sorted(service_model(s).operation_names)
    if service_model(s).operation_model(op).input_shape is not None
]
DOCUMENT_CLASSES = [iam.PolicyDocument, iam.Statement, lifecycle.LifecyclePolicy, lifecycle.LifecycleRule]
KEY_CLASSES = [
    ecs_models.RegisterTaskDefinitionRequest,
    ecs_models.ContainerDefinition,
    ecs_models.CreateServiceRequest,
    ecs_models.RunTaskRequest,
    ecs_models.Task,
    ecr_models.PutLifecyclePolicyRequest,
    *DOCUMENT_CLASSES,
]


@pytest.mark.parametrize(("service", "name"), CASES, ids=[f"{s}.{n}" for s, n in CASES])
@settings(max_examples=5)
@given(data=st.data())
def test_every_model_round_trips(service: str, name: str, data: st.DataObject) -> None:
    document = data.draw(wire(service_model(service).shape_for(name)))
    cls = getattr(MODULES[service], name)
    model = from_api(document, cls)
    assert to_api(model) == document
    assert from_json(to_json(model), cls) == model


@pytest.mark.parametrize(("service", "operation"), REQUESTS, ids=[f"{s}.{o}" for s, o in REQUESTS])
@settings(max_examples=5)
@given(data=st.data())
def test_requests_pass_botocore_validation(service: str, operation: str, data: st.DataObject) -> None:
    shape = service_model(service).operation_model(operation).input_shape
    model = from_api(data.draw(wire(shape)), getattr(MODULES[service], shape.name))
    report = ParamValidator().validate(to_api(model), shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("cls", KEY_CLASSES, ids=lambda c: c.__name__)
@given(value=json_values)
def test_any_json_gives_a_model_or_a_conversion_error(cls: type[Any], value: Any) -> None:
    try:
        model = from_api(value, cls)
    except ConversionError as exc:
        errors = exc.errors
    else:
        assert isinstance(model, cls)
        return
    assert errors


@pytest.mark.parametrize("name", ["RegisterTaskDefinitionRequest", "CreateServiceRequest", "Task", "Service"])
@given(data=st.data())
def test_damaged_documents_are_reported_with_paths(name: str, data: st.DataObject) -> None:
    document = data.draw(wire(service_model("ecs").shape_for(name)))
    damaged = data.draw(mutate(document))
    cls = getattr(ecs_models, name)
    try:
        model = from_api(damaged, cls)
    except ConversionError as exc:
        errors = exc.errors
    else:
        assert isinstance(model, cls)
        assert from_api(to_api(model), cls) == model
        return
    assert errors
    for error in errors:
        assert error.code in {"unknown-key", "missing-key", "wrong-type", "bad-value"}
        assert str(error).startswith(error.path or "(document)")
