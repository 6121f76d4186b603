"""The table of AWS's error texts (:mod:`ecskit.texts`): every entry is one its operations can answer (its code is in
their botocore model, or one of AWS's common errors), is used by ecskit, and has a scenario that makes the fake
answer with it (tests/fake/test_error_texts_*.py run them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ecskit.errors import UsageError
from ecskit.operations import find_operation
from ecskit.texts import COMMON_ERRORS, TABLE, ErrorText, define, ecr, ecs
from tests.support.error_scenarios_ecr import SCENARIOS as ECR_SCENARIOS
from tests.support.error_scenarios_ecs import SCENARIOS as ECS_SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_has_a_scenario() -> None:
    scenarios = {**ECS_SCENARIOS, **ECR_SCENARIOS}
    assert set(TABLE) - set(scenarios) == set(), "add a scenario to tests/support/error_scenarios_*.py"
    assert set(scenarios) - set(TABLE) == set(), "a scenario names no entry of the table"


@pytest.mark.parametrize("entry", list(TABLE.values()), ids=lambda e: e.id)
def test_each_operation_may_answer_the_entry(entry: ErrorText) -> None:
    assert entry.operations, "an entry names the operations that answer it"
    for name in entry.operations:
        operation = find_operation(entry.service, name)
        assert operation is not None, f"{entry.service} has no operation {name}"
        if entry.code is not None:
            assert entry.code in operation.errors or entry.code in COMMON_ERRORS, f"{name} never answers {entry.code}"


_MODULES = {"ecs": ecs.__name__, "ecr": ecr.__name__, "ecr_texts": ecr.__name__}


def _names_used_in_ecskit() -> set[tuple[str, str]]:
    """(table module, name) of every entry read off ``ecs`` or ``ecr`` anywhere in ecskit but the table itself."""
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "ecskit").rglob("*.py"):
        if path.parent.name == "texts":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in _MODULES:
                found.add((_MODULES[node.value.id], node.attr))
    return found


def test_every_entry_is_used() -> None:
    used = _names_used_in_ecskit()
    constants = {(module.__name__, name): getattr(module, name) for module in (ecs, ecr) for name in module.__all__}
    unused = sorted(key for key, entry in constants.items() if isinstance(entry, ErrorText) and key not in used)
    assert unused == [], "remove the entries nothing answers with, or answer with them"
    assert {e.id for e in constants.values()} == set(TABLE)


def test_a_text_is_filled_and_matched() -> None:
    assert (
        ecs.HOST_PORT_MAPPED_TWICE(protocol="TCP", port=8080)
        == "TCP host port '8080' is mapped multiple times in task."
    )
    assert ecs.HOST_PORT_MAPPED_TWICE.fields == ("protocol", "port")
    assert ecs.HOST_PORT_MAPPED_TWICE.matches("UDP host port '53' is mapped multiple times in task.")
    assert not ecs.HOST_PORT_MAPPED_TWICE.matches("TCP host port '53' is mapped twice.")
    # literal braces stay literal
    text = ecr.IMAGE_NOT_FOUND(digest="null", tag="v1", name="web", registry="123456789012")
    assert text.startswith("The image with imageId {imageDigest:'null', imageTag:'v1'}")
    assert ecr.IMAGE_NOT_FOUND.matches(text)


def test_a_text_needs_its_values() -> None:
    with pytest.raises(UsageError, match="needs port"):
        ecs.HOST_PORT_MAPPED_TWICE(protocol="TCP")


def test_an_id_is_taken_once() -> None:
    with pytest.raises(UsageError, match="duplicate"):
        define("ecs-cluster-not-found", "ecs", "ClusterNotFoundException", ("ListServices",), "Cluster not found.")


def test_sources_are_public_pages() -> None:
    for entry in TABLE.values():
        assert entry.source is None or entry.source.startswith("https://"), entry.id
