"""Numbers and nesting the API cannot carry are problems with a path, never OverflowError, ValueError or
RecursionError: integers of more than 64 bits, NaN, infinities, integers too large for a double, JSON text nested
beyond Python's stack or holding numbers of more digits than Python reads."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest

from ecskit import from_api, from_json, to_api, to_json
from ecskit.codec import check, read_document
from ecskit.errors import ConversionError
from ecskit.models.ecs import (
    CanaryConfiguration,
    CreateServiceRequest,
    DeploymentConfiguration,
    PortMapping,
    RegisterTaskDefinitionRequest,
)


def _problem(read: Any) -> tuple[str, str, str]:
    with pytest.raises(ConversionError) as info:
        read()
    (error,) = info.value.errors
    return error.path, error.code, error.message


def _canary(percent: object) -> dict[str, Any]:
    return {"serviceName": "web", "deploymentConfiguration": {"canaryConfiguration": {"canaryPercent": percent}}}


@pytest.mark.parametrize(
    "value", [2**63, -(2**63) - 1, 10**400, 10**5000], ids=["2^63", "-2^63-1", "10^400", "10^5000"]
)
def test_an_integer_beyond_64_bits_is_out_of_range(value: int) -> None:
    path, code, message = _problem(lambda: from_api({"containerPort": value}, PortMapping))
    assert (path, code) == ("containerPort", "bad-value")
    assert "out of range" in message
    assert len(message) < 200  # a number of thousands of digits is shown by its length


def test_the_edges_of_64_bits_read() -> None:
    assert from_api({"containerPort": 2**63 - 1}, PortMapping).container_port == 2**63 - 1
    assert from_api({"containerPort": -(2**63)}, PortMapping).container_port == -(2**63)


@pytest.mark.parametrize(
    "value", [float("inf"), float("-inf"), float("nan"), 10**400], ids=["inf", "-inf", "nan", "10^400"]
)
def test_a_double_is_finite(value: float) -> None:
    path, code, _ = _problem(lambda: from_api(_canary(value), CreateServiceRequest))
    assert (path, code) == ("deploymentConfiguration.canaryConfiguration.canaryPercent", "bad-value")


def test_a_large_integer_is_a_double_when_a_double_can_hold_it() -> None:
    read = from_api(_canary(10**300), CreateServiceRequest)
    assert read.deployment_configuration is not None
    assert read.deployment_configuration.canary_configuration is not None
    assert read.deployment_configuration.canary_configuration.canary_percent == 1e300


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"containerPort": NaN}', "NaN is not a JSON number"),
        ('{"containerPort": -Infinity}', "-Infinity is not a JSON number"),
        ('{"containerPort": 1' + "0" * 5000 + "}", "a number of more than 4300 digits"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": ' * 5000 + "1" + "}" * 5000, "nested too deeply"),
    ],
    ids=["NaN", "-Infinity", "5001 digits", "deep lists", "deep objects"],
)
def test_text_json_does_not_allow_is_not_json(text: str, message: str) -> None:
    _, code, found = _problem(lambda: from_json(text, PortMapping))
    assert code == "not-json"
    assert message in found
    _, code, found = _problem(lambda: read_document(text, PortMapping))  # validate and diff read here
    assert code == "not-json"


def test_1e400_in_text_is_an_infinite_number() -> None:
    path, code, _ = _problem(lambda: from_json('{"containerPort": 1e400}', PortMapping))
    assert (path, code) == ("containerPort", "wrong-type")  # an integer member: inf is no integer
    text = '{"serviceName": "web", "deploymentConfiguration": {"canaryConfiguration": {"canaryPercent": 1e400}}}'
    path, code, message = _problem(lambda: from_json(text, CreateServiceRequest))
    assert (path, code) == ("deploymentConfiguration.canaryConfiguration.canaryPercent", "bad-value")
    assert "not a finite number" in message


@pytest.mark.parametrize("value", [math.inf, math.nan])
def test_to_json_never_writes_infinity_or_nan(value: float) -> None:
    model = CreateServiceRequest(
        service_name="web",
        deployment_configuration=DeploymentConfiguration(canary_configuration=CanaryConfiguration(canary_percent=1.0)),
    )
    assert model.deployment_configuration is not None
    bad = attrs.evolve(
        model,
        deployment_configuration=attrs.evolve(
            model.deployment_configuration, canary_configuration=CanaryConfiguration(canary_percent=value)
        ),
    )
    path, _, message = _problem(lambda: to_json(bad))
    assert path == "deploymentConfiguration.canaryConfiguration.canaryPercent"
    assert "not a finite number" in message
    # check() says the same of the model, so validation reports it before anything is sent
    (error,) = check(bad)
    assert error.path == path
    assert to_api(bad)  # the dict boto3 takes: botocore refuses it itself


def test_check_holds_models_built_in_python_to_64_bits() -> None:
    (error,) = check(PortMapping(container_port=10**5000))
    assert (error.path, error.code) == ("containerPort", "bad-value")
    assert "an integer of 5001 digits" in error.message
    assert check(PortMapping(container_port=2**63 - 1)) == ()


def test_a_deep_document_built_in_python_is_a_conversion_error() -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    path, _, _ = _problem(
        lambda: from_api({"family": "f", "containerDefinitions": deep}, RegisterTaskDefinitionRequest)
    )
    assert path == "containerDefinitions[0]"


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "]" * 100_000, '{"family": 1' + "0" * 5000 + "}", "NaN"], ids=["deep", "digits", "NaN"]
)
def test_every_reader_of_text_refuses_it_with_its_error(text: str) -> None:
    # validate, diff and the fake's restore read JSON text too: each answers with its own ecskit error
    from ecskit.backends.fake import FakeBackend
    from ecskit.diff import normalise_task_definition
    from ecskit.errors import SnapshotError
    from ecskit.validation import validate_task_definition

    report = validate_task_definition(text)
    assert [f.rule for f in report] == ["schema-wrong-type"]  # not-json, as a schema finding
    with pytest.raises(ConversionError):
        normalise_task_definition(text)
    with pytest.raises(SnapshotError):
        FakeBackend.restore(text)
