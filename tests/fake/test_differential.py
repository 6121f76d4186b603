"""The fake against AWS's own recorded answers: each fixture of ``tests/fixtures/aws_examples`` is an AWS CLI example
(its request, the setup it needs, and the output AWS printed). The fake is set up, sent the same request through
its boto3 client, and its answer compared with AWS's member by member, after both are normalised
(``tests/support/differential.py``): ids, times, account ids and digests aside, every member must agree.

A fixture may name members it does not compare (``not_compared``: path -> why, for state a test cannot reproduce,
such as an instance's actual resources), may allow members the fake shows that an older recorded answer predates
(``extra_allowed``: why), and marks a departure of the fake it has not fixed with ``xfail``: the differing paths."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from botocore import xform_name

from ecskit.backends.fake import FakeBackend
from tests.support.differential import compare, load_fixtures, normalise, replace_at
from tests.support.fake_ecs import register

FIXTURES = load_fixtures()


def _get(document: Any, path: str) -> Any:
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        document = document[name] if name else document[int(index)]
    return document


def _fill(value: Any, saved: dict[str, Any]) -> Any:
    """``value`` with each ``${name}`` replaced by what an earlier step saved."""
    if isinstance(value, dict):
        return {k: _fill(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, saved) for v in value]
    if isinstance(value, str):
        whole = re.fullmatch(r"\$\{(\w+)\}", value)
        if whole:
            return saved[whole.group(1)]
        return re.sub(r"\$\{(\w+)\}", lambda m: str(saved[m.group(1)]), value)
    return value


def _call(fake: FakeBackend, service: str, step: dict[str, Any], saved: dict[str, Any]) -> Any:
    client = fake.client(step.get("service", service))
    answer = getattr(client, xform_name(step["operation"]))(**_fill(step.get("params", {}), saved))
    for name, path in step.get("save", {}).items():
        saved[name] = _get(answer, path)
    return answer


def _set_up(fake: FakeBackend, fixture: dict[str, Any]) -> dict[str, Any]:
    saved: dict[str, Any] = {}
    for step in fixture.get("setup", []):
        if "instance" in step:
            spec = step["instance"]
            found = register(fake, spec["cluster"], spec["n"], spec.get("type", "m5.large"), spec["zone"])
            for name, member in step.get("save", {}).items():
                saved[name] = getattr(found, member)
        elif "advance" in step:
            fake.advance(step["advance"])
        else:
            _call(fake, fixture["service"], step, saved)
    return saved


def _params() -> list[Any]:
    marks: dict[str, list[pytest.MarkDecorator]] = {}
    for fixture in FIXTURES:
        if "xfail" in fixture:
            marks[fixture["file"]] = [pytest.mark.xfail(strict=True, reason=fixture["xfail"])]
    return [pytest.param(f, id=f["file"].removesuffix(".json"), marks=marks.get(f["file"], [])) for f in FIXTURES]


def differences(fixture: dict[str, Any]) -> list[str]:
    """Where the fake's answer to the fixture's request departs from AWS's recorded one."""
    fake = FakeBackend(account=fixture.get("account", "123456789012"), region=fixture["region"])
    saved = _set_up(fake, fixture)
    answer = _call(fake, fixture["service"], fixture["request"], saved)
    skipped = fixture.get("not_compared", {})
    expected = replace_at(normalise(copy.deepcopy(fixture["output"])), skipped)
    actual = replace_at(normalise(answer), skipped)
    found = compare(expected, actual)
    if "extra_allowed" in fixture:
        found = [line for line in found if ": extra (" not in line]
    return found


@pytest.mark.parametrize("fixture", _params())
def test_the_fake_answers_as_aws_recorded(fixture: dict[str, Any]) -> None:
    assert differences(fixture) == []


def test_there_are_enough_fixtures_and_each_names_its_source() -> None:
    """Breadth is the point: both services, and each example traceable to the file and release it came from."""
    assert len(FIXTURES) >= 20
    assert {f["service"] for f in FIXTURES} >= {"ecs", "ecr"}
    for fixture in FIXTURES:
        source = fixture["source"]
        assert source["path"].startswith("awscli/examples/"), fixture["file"]
        assert source["awscli"], fixture["file"]
        assert all(why for why in fixture.get("not_compared", {}).values()), fixture["file"]


@pytest.mark.parametrize(
    ("expected", "actual", "found"),
    [
        ({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 2]}, []),
        ({"a": {"b": 1}}, {"a": {"b": 2}}, ["a.b: AWS 1, fake 2"]),
        ({"a": 1}, {}, ["a: missing (AWS: 1)"]),
        ({}, {"a": [1]}, ["a: extra (fake: [1])"]),
        ({"a": [1]}, {"a": [1, 2]}, ["a: 1 items in AWS's answer, 2 in the fake's"]),
        ({"a": [{"b": 1}]}, {"a": [{"b": 3}]}, ["a[0].b: AWS 1, fake 3"]),
    ],
)
def test_compare_names_each_differing_path(expected: Any, actual: Any, found: list[str]) -> None:
    assert compare(expected, actual) == found


def test_normalise_hides_only_what_is_random() -> None:
    arn = "arn:aws:ecs:us-west-2:123456789012:task/default/d6f51cc5bbc94a47969c9203EXAMPLE"
    uuid = "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE"
    answer = {"taskArn": arn, "createdAt": 1557119253.821, "id": uuid, "cpu": "10", "ResponseMetadata": {}}
    assert normalise(answer) == {
        "taskArn": "arn:aws:ecs:us-west-2:<account>:task/default/<id>",
        "createdAt": "<time>",
        "id": "<id>",
        "cpu": "10",
    }
    assert replace_at({"a": [{"b": 1}, {"b": 2}]}, ["a[*].b"]) == {"a": [{"b": "<not compared>"}] * 2}
