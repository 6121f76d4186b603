"""Diffs over the shared corpus of real task definitions and services.

Every readable document diffs empty with itself, with its keys and its order-insensitive lists shuffled, with its
sizes written in other units, and with the describe output AWS would give for it; one real change gives exactly
that change at the right path. Broken documents give a ConversionError, never another exception.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.diff import diff_service, diff_task_definitions, normalise_service, normalise_task_definition
from ecskit.diff.lists import SERVICE_LISTS, TASK_DEFINITION_LISTS, Lists
from ecskit.diff.paths import format_key_value
from ecskit.errors import ConversionError
from ecskit.validation.sizes import parse_cpu, parse_memory
from tests.support.corpus import corpus_files

TASKDEFS = corpus_files("taskdefs")
SERVICES = corpus_files("services")


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _readable(paths: list[Path], normalise: Any) -> list[tuple[str, Any]]:
    out = []
    for path in paths:
        data = _load(path)
        try:
            normalise(data)
        except ConversionError:
            continue
        out.append((path.stem, data))
    return out


READABLE_TASKDEFS = _readable(TASKDEFS, normalise_task_definition)
READABLE_SERVICES = _readable(SERVICES, normalise_service)
_BY_STEM = dict(READABLE_TASKDEFS)


def _register_input(data: dict[str, Any]) -> dict[str, Any]:
    """The register input inside a corpus document (some are describe responses)."""
    inner: dict[str, Any] = data["taskDefinition"] if isinstance(data.get("taskDefinition"), dict) else data
    return inner


def shuffled(value: Any, lists: Lists, rnd: random.Random, schema: tuple[str, ...] = ()) -> Any:
    """``value`` with every object's keys, and every list AWS reads as a set, in a random order."""
    if isinstance(value, dict):
        items = list(value.items())
        rnd.shuffle(items)
        return {k: shuffled(v, lists, rnd, (*schema, k)) for k, v in items}
    if isinstance(value, list):
        out = [shuffled(v, lists, rnd, schema) for v in value]
        if schema in lists:
            rnd.shuffle(out)
        return out
    return value


def test_the_corpus_is_mostly_readable() -> None:
    assert len(READABLE_TASKDEFS) > 100
    assert len(READABLE_SERVICES) >= 8


@pytest.mark.parametrize("path", TASKDEFS, ids=[p.stem for p in TASKDEFS])
def test_task_definition_against_itself(path: Path) -> None:
    data = _load(path)
    if path.stem not in _BY_STEM:  # broken on purpose: it says which field, and nothing else is raised
        with pytest.raises(ConversionError) as info:
            diff_task_definitions(data, data)
        assert info.value.errors
        return
    normalised = normalise_task_definition(data)
    assert not diff_task_definitions(data, data)
    assert normalise_task_definition(normalised) == normalised  # idempotent, and still register input
    assert not diff_task_definitions(normalised, data)


@given(case=st.sampled_from(READABLE_TASKDEFS), rnd=st.randoms(use_true_random=False))
def test_shuffled_task_definition_is_the_same(case: tuple[str, Any], rnd: random.Random) -> None:
    _, data = case
    mixed = shuffled(data, TASK_DEFINITION_LISTS, rnd)
    assert not diff_task_definitions(data, mixed), diff_task_definitions(data, mixed).paths()


@pytest.mark.parametrize(("stem", "data"), READABLE_TASKDEFS, ids=[s for s, _ in READABLE_TASKDEFS])
def test_one_real_change_is_exactly_that_change(stem: str, data: Any) -> None:
    changed = copy.deepcopy(data)
    containers = _register_input(changed)["containerDefinitions"]
    names = [c.get("name") for c in containers]
    target = containers[-1]
    if names.count(target.get("name")) != 1:
        pytest.skip("the container names are not unique")
    target["image"] = f"{target.get('image', 'none')}-changed"
    diff = diff_task_definitions(data, changed)
    assert [(c.path, c.kind.value, c.new) for c in diff] == [
        (f"containerDefinitions[name={format_key_value(target['name'])}].image", "changed", target["image"])
    ]
    with_env = next((c for c in containers if c.get("environment")), None)
    if with_env is None:
        return
    variable = with_env["environment"][0]
    if [e.get("name") for e in with_env["environment"]].count(variable.get("name")) != 1:
        return
    variable["value"] = "a value nobody uses"
    paths = set(diff_task_definitions(data, changed).paths())
    container, name = format_key_value(with_env["name"]), format_key_value(variable["name"])
    assert f"containerDefinitions[name={container}].environment[name={name}].value" in paths


def _other_spelling(text: str, parse: Any, unit: str) -> str | None:
    units = parse(text)
    if units is None:
        return None
    other = f"{units / 1024} {unit}" if text.strip().isdigit() else str(units)
    return other if parse(other) == units else None


def _respelt(data: Any) -> Any:
    """The document with its task sizes in the other unit (``"1024"`` <-> ``"1.0 vCPU"``), or None."""
    respelt = copy.deepcopy(data)
    inner = _register_input(respelt)
    touched = False
    for name, parse, unit in (("cpu", parse_cpu, "vCPU"), ("memory", parse_memory, "GB")):
        if isinstance(inner.get(name), str):
            other = _other_spelling(inner[name], parse, unit)
            if other is not None:
                inner[name], touched = other, True
    return respelt if touched else None


SIZED = [(stem, data, _respelt(data)) for stem, data in READABLE_TASKDEFS if _respelt(data) is not None]


def test_many_corpus_documents_have_task_sizes() -> None:
    assert len(SIZED) > 40


@pytest.mark.parametrize(("stem", "data", "respelt"), SIZED, ids=[s for s, _, _ in SIZED])
def test_sizes_in_other_units_are_the_same(stem: str, data: Any, respelt: Any) -> None:
    assert not diff_task_definitions(data, respelt)


def test_one_vcpu_is_1024() -> None:
    data = {**_register_input(_BY_STEM["024"]), "cpu": "1024", "memory": "2048"}
    written = {**data, "cpu": "1 vCPU", "memory": "2 GB"}
    assert not diff_task_definitions(data, written)
    assert diff_task_definitions(data, {**written, "memory": "3 GB"}).paths() == ("memory",)


def as_described(register: dict[str, Any]) -> dict[str, Any]:
    """What describe-task-definition would give for this register input, tags beside (as tools write it)."""
    doc = copy.deepcopy(register)
    tags = doc.pop("tags", [{"key": "owner", "value": "corpus"}])
    mode = doc.get("networkMode")
    for name, parse in (("cpu", parse_cpu), ("memory", parse_memory)):
        units = parse(doc[name]) if isinstance(doc.get(name), str) else None
        if units is not None:
            doc[name] = str(units)
    for container in doc.get("containerDefinitions", []):
        container.setdefault("cpu", 0)
        container.setdefault("essential", True)
        for member in ("environment", "mountPoints", "volumesFrom", "portMappings"):
            container.setdefault(member, [])
        for mapping in container["portMappings"]:
            mapping.setdefault("protocol", "tcp")
            if "containerPort" in mapping and "containerPortRange" not in mapping:
                mapping.setdefault("hostPort", mapping["containerPort"] if mode in ("awsvpc", "host") else 0)
        if "healthCheck" in container:
            container["healthCheck"] = {"interval": 30, "timeout": 5, "retries": 3, **container["healthCheck"]}
    doc.setdefault("volumes", [])
    doc.setdefault("placementConstraints", [])
    family = doc.get("family", "x")
    doc.update(
        taskDefinitionArn=f"arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:4",
        revision=4,
        status="ACTIVE",
        requiresAttributes=[{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
        compatibilities=["EC2", "FARGATE"],
        registeredAt="2025-01-01T00:00:00.000Z",
        registeredBy="arn:aws:iam::123456789012:role/deployer",
    )
    return {**doc, "tags": tags}


REGISTER_INPUTS = [(s, d) for s, d in READABLE_TASKDEFS if "taskDefinitionArn" not in _register_input(d)]


@pytest.mark.parametrize(("stem", "data"), REGISTER_INPUTS, ids=[s for s, _ in REGISTER_INPUTS])
def test_describe_output_is_its_register_input(stem: str, data: Any) -> None:
    register = _register_input(data)
    described = as_described(register)
    tagged = {**register, "tags": described["tags"]}
    assert not diff_task_definitions(described, tagged), diff_task_definitions(described, tagged).paths()
    assert not diff_task_definitions({"taskDefinition": described, "tags": described.pop("tags")}, tagged)
    # Without the tags beside it, describe output lacks exactly the tags.
    assert diff_task_definitions(described, tagged).paths() == (("tags",) if tagged["tags"] else ())


@pytest.mark.parametrize(("stem", "data"), READABLE_SERVICES, ids=[s for s, _ in READABLE_SERVICES])
def test_service_against_itself(stem: str, data: Any) -> None:
    normalised = normalise_service(data)
    assert normalise_service(normalised) == normalised
    assert not diff_service(data, data)
    assert not diff_service(normalised, data)


@given(case=st.sampled_from(READABLE_SERVICES), rnd=st.randoms(use_true_random=False))
def test_shuffled_service_is_the_same(case: tuple[str, Any], rnd: random.Random) -> None:
    _, data = case
    assert not diff_service(shuffled(data, SERVICE_LISTS, rnd), data)


@pytest.mark.parametrize("path", SERVICES, ids=[p.stem for p in SERVICES])
def test_broken_services_are_conversion_errors(path: Path) -> None:
    if path.stem in dict(READABLE_SERVICES):
        return
    with pytest.raises(ConversionError) as info:
        normalise_service(_load(path))
    # The known defects of the corpus: a name given on the command line, a describe-only member.
    assert {e.path for e in info.value.errors} <= {"serviceName", "platformFamily"}
