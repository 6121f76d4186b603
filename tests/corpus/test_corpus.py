"""Every real document of the shared corpus parses and round-trips losslessly, or is pinned as a real defect.

A pinned defect names the exact (path, kind) of every problem the codec reports and why the document is wrong,
so a change of verdict on any corpus document fails here and is looked at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecskit.codec import from_api, from_json, read_task_definition, to_api, to_json
from ecskit.codec.taskdefs import read_description, read_only_members
from ecskit.errors import ConversionError
from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest
from ecskit.models.lifecycle import LifecyclePolicy
from tests.support.corpus import corpus_files

_FRAGMENT = {("family", "missing-key")}
#: file stem -> (the problems the codec must report, why the document is defective)
TASKDEF_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "015": (
        {("containerDefinitions[1].portMappings", "wrong-type")},
        "portMappings is written as one object; the API takes a list of PortMapping",
    ),
    "019": (
        {("containerDefinitions[1].logConfiguration.secretOptions", "wrong-type")},
        "secretOptions is written as one object; the API takes a list of Secret",
    ),
    "075": (
        {("containerDefinitions[0].inferenceDevices", "unknown-key")},
        "inferenceDevices is no ContainerDefinition member (accelerators are resourceRequirements)",
    ),
    "113": (
        {("networkMode", "bad-value"), ("requiresCompatibilities[0]", "bad-value")},
        "unfilled template placeholders ({{networkmode}}, {{launchtype}}) where the API takes an enum value",
    ),
    "122": (
        {("networkMode", "bad-value")},
        "'default' is not a NetworkMode value; omit networkMode for the platform default",
    ),
    **dict.fromkeys(
        ("158", "159", "160", "161", "162", "167"),
        (_FRAGMENT, "a fragment from the developer guide without the required family"),
    ),
}
SERVICE_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "020": ({("serviceName", "missing-key")}, "the name is given on the command line, not in the file"),
    "022": ({("serviceName", "missing-key")}, "the name is given on the command line, not in the file"),
    "033": ({("platformFamily", "unknown-key")}, "platformFamily is describe-services output, not CreateService input"),
}


def _without_nulls(value: Any) -> Any:
    """The document as the API reads it: a null member is an absent member."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _problems(exc: ConversionError) -> set[tuple[str, str]]:
    return {(e.path, e.code) for e in exc.errors}


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


TASKDEFS = corpus_files("taskdefs")
SERVICES = corpus_files("services")
LIFECYCLE = corpus_files("ecr-lifecycle")


def test_corpus_is_complete() -> None:
    assert len(TASKDEFS) > 100
    assert SERVICES
    assert LIFECYCLE
    assert set(TASKDEF_DEFECTS) <= {p.stem for p in TASKDEFS}


@pytest.mark.parametrize("path", TASKDEFS, ids=_ids(TASKDEFS))
def test_task_definition(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    expected = TASKDEF_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            read_task_definition(data)
        assert _problems(info.value) == expected[0], expected[1]
        return
    clean = _without_nulls(data)
    if read_only_members() & data.keys():
        # describe output: the whole description round-trips, and yields register input without the read-only part
        described = read_description(data)
        wire = json.loads(to_json(described))  # {"taskDefinition": {...}, "tags": [...]}
        assert {**wire["taskDefinition"], **({"tags": wire["tags"]} if "tags" in wire else {})} == clean
        request = read_task_definition(data)
        register = to_api(request)
        assert not register.keys() & read_only_members()
        assert register == {k: v for k, v in clean.items() if k not in read_only_members()}
    else:
        model = from_api(data, RegisterTaskDefinitionRequest)
        assert to_api(model) == clean
        assert json.loads(to_json(model)) == clean
        assert from_json(text, RegisterTaskDefinitionRequest) == model


@pytest.mark.parametrize("path", SERVICES, ids=_ids(SERVICES))
def test_service(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = SERVICE_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            from_api(data, CreateServiceRequest)
        assert _problems(info.value) == expected[0], expected[1]
        if expected[0] == {("serviceName", "missing-key")}:  # with the name it was given on the command line
            named = {**data, "serviceName": "from-the-command-line"}
            assert to_api(from_api(named, CreateServiceRequest)) == _without_nulls(named)
        return
    model = from_api(data, CreateServiceRequest)
    assert to_api(model) == _without_nulls(data)


@pytest.mark.parametrize("path", LIFECYCLE, ids=_ids(LIFECYCLE))
def test_lifecycle_policy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    model = from_json(text, LifecyclePolicy)
    assert to_api(model) == json.loads(text)
    assert model.rules
