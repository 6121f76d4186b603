"""Comparing normalised task definitions: the changes, their paths and kinds, ignore patterns, the Diff value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecskit.diff import Change, ChangeKind, Diff, diff_task_definitions
from ecskit.diff.compare import compare
from ecskit.diff.lists import Keyed, Lists
from ecskit.diff.paths import format_key_value, ignore_matcher, item_path


def _td(*containers: dict[str, Any], **members: Any) -> dict[str, Any]:
    return {"family": "web", "containerDefinitions": list(containers) or [_app()], **members}


def _app(**members: Any) -> dict[str, Any]:
    return {"name": "app", "image": "nginx:1.27", **members}


def _changes(old: dict[str, Any], new: dict[str, Any], **options: Any) -> list[tuple[str, str, Any, Any]]:
    return [(c.path, c.kind.value, c.old, c.new) for c in diff_task_definitions(old, new, **options)]


def test_one_changed_member() -> None:
    assert _changes(_td(), _td(_app(image="nginx:1.28"))) == [
        ("containerDefinitions[name=app].image", "changed", "nginx:1.27", "nginx:1.28")
    ]


def test_environment_items_are_matched_by_name() -> None:
    old = _td(_app(environment=[{"name": "LOG_LEVEL", "value": "info"}, {"name": "PORT", "value": "80"}]))
    new = _td(
        _app(environment=[{"name": "DEBUG", "value": "1"}, {"name": "PORT", "value": "80"}, {"name": "LOG_LEVEL"}])
    )
    assert _changes(old, new) == [
        ("containerDefinitions[name=app].environment[name=DEBUG]", "added", None, {"name": "DEBUG", "value": "1"}),
        ("containerDefinitions[name=app].environment[name=LOG_LEVEL].value", "removed", "info", None),
    ]


def test_containers_are_matched_by_name_not_position() -> None:
    sidecar = {"name": "log-router", "image": "fluent-bit:3"}
    assert not diff_task_definitions(_td(_app(), sidecar), _td(sidecar, _app()))
    changes = _changes(_td(_app(), sidecar), _td(_app(), {**sidecar, "name": "router"}))
    assert [(p, k) for p, k, _, _ in changes] == [
        ("containerDefinitions[name=log-router]", "removed"),
        ("containerDefinitions[name=router]", "added"),
    ]
    assert changes[1][3] == {"name": "router", "cpu": 0, "essential": True, "image": "fluent-bit:3"}


def test_ordered_lists_keep_their_order() -> None:
    # argv order is meaning: a reordered command is a change, shown as the whole list.
    old, new = _td(_app(command=["a", "b"])), _td(_app(command=["b", "a"]))
    assert _changes(old, new) == [("containerDefinitions[name=app].command", "changed", ["a", "b"], ["b", "a"])]
    # Environment files are read top down: their order counts, item by item.
    files = [{"value": "arn:aws:s3:::b/1.env", "type": "s3"}, {"value": "arn:aws:s3:::b/2.env", "type": "s3"}]
    changes = _changes(_td(_app(environmentFiles=files)), _td(_app(environmentFiles=files[::-1])))
    assert [p for p, *_ in changes] == [
        "containerDefinitions[name=app].environmentFiles[0].value",
        "containerDefinitions[name=app].environmentFiles[1].value",
    ]


def test_unordered_strings_change_as_a_whole() -> None:
    changes = _changes(_td(requiresCompatibilities=["EC2"]), _td(requiresCompatibilities=["FARGATE", "EC2"]))
    assert changes == [("requiresCompatibilities", "changed", ["EC2"], ["EC2", "FARGATE"])]


def test_port_mappings_and_maps() -> None:
    old = _td(_app(portMappings=[{"containerPort": 80}, {"containerPort": 443}], dockerLabels={"com.example.a": "1"}))
    new = _td(_app(portMappings=[{"containerPort": 443}, {"containerPort": 80, "hostPort": 8080}]))
    assert _changes(old, new) == [
        ("containerDefinitions[name=app].dockerLabels", "removed", {"com.example.a": "1"}, None),
        ("containerDefinitions[name=app].portMappings[containerPort=80].hostPort", "changed", 0, 8080),
    ]
    labelled = _td(_app(dockerLabels={"com.example.a": "1", "b": "2"}))
    changes = _changes(labelled, _td(_app(dockerLabels={"com.example.a": "2", "b": "2"})))
    assert changes == [("containerDefinitions[name=app].dockerLabels['com.example.a']", "changed", "1", "2")]


def test_duplicate_identities_compare_as_a_multiset() -> None:
    twice = [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]
    assert not diff_task_definitions(_td(_app(environment=twice)), _td(_app(environment=twice[::-1])))
    changes = _changes(_td(_app(environment=twice)), _td(_app(environment=[twice[0]])))
    assert changes == [("containerDefinitions[name=app].environment[name=A]", "removed", twice[1], None)]


def test_composite_keys_in_paths() -> None:
    placement = [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}, {"type": "memberOf"}]
    changes = _changes(_td(placementConstraints=placement), _td(placementConstraints=placement[1:]))
    assert changes == [
        (
            'placementConstraints[type=memberOf,expression="attribute:ecs.instance-type =~ t3.*"]',
            "removed",
            placement[0],
            None,
        )
    ]


def test_type_changes_and_numbers() -> None:
    lists: Lists = {("xs",): Keyed(("id",))}
    assert compare({"a": 1}, {"a": 1.0}, lists) == ()
    assert [c.kind for c in compare({"a": 1}, {"a": True}, lists)] == [ChangeKind.CHANGED]
    assert [c.path for c in compare({"a": {"b": 1}}, {"a": [1]}, lists)] == ["a"]
    old, new = {"xs": [{"id": 1, "v": "a"}]}, {"xs": [{"id": 1, "v": "b"}, {"id": 2}]}
    assert [(c.path, c.kind.value) for c in compare(old, new, lists)] == [
        ("xs[id=1].v", "changed"),
        ("xs[id=2]", "added"),
    ]


@pytest.mark.parametrize(
    ("pattern", "path", "ignored"),
    [
        ("tags", "tags", True),
        ("tags", "tags[key=team].value", True),
        ("tags", "tagsExtra", False),
        ("containerDefinitions[*].image", "containerDefinitions[name=app].image", True),
        ("containerDefinitions[*].image", "containerDefinitions[name=app].imageDigest", False),
        ("containerDefinitions[name=app]", "containerDefinitions[name=app].environment[name=A]", True),
        ("containerDefinitions[name=app]", "containerDefinitions[name=app2]", False),
        ("containerDefinitions[*].environment[name=A]", "containerDefinitions[name=x].environment[name=A]", True),
        ("*.awsvpcConfiguration", "networkConfiguration.awsvpcConfiguration.subnets", True),
        ("desiredCount", "desiredCount", True),
    ],
)
def test_ignore_patterns(pattern: str, path: str, ignored: bool) -> None:
    assert ignore_matcher([pattern])(path) is ignored


def test_ignored_paths_leave_the_changes_and_the_documents() -> None:
    old = _td(_app(environment=[{"name": "A", "value": "1"}]), tags=[{"key": "team", "value": "a"}])
    new = _td(_app(image="nginx:2", environment=[{"name": "A", "value": "2"}]), tags=[{"key": "team", "value": "b"}])
    assert len(diff_task_definitions(old, new)) == 3
    diff = diff_task_definitions(old, new, ignore=["tags", "containerDefinitions[*].image"])
    assert diff.paths() == ("containerDefinitions[name=app].environment[name=A].value",)
    assert "tags" not in diff.old
    assert "tags" not in diff.new
    assert "image" not in diff.new["containerDefinitions"][0]
    assert (
        diff_task_definitions(old, new, ignore="tags").paths()
        == diff_task_definitions(old, new, ignore=["tags"]).paths()
    )
    assert not diff_task_definitions(old, new, ignore=["containerDefinitions", "tags"])


def test_key_values_in_paths() -> None:
    assert [format_key_value(v) for v in (80, None, True, "app", "a b", "")] == [
        "80",
        "null",
        "true",
        "app",
        '"a b"',
        '""',
    ]
    assert item_path("xs", ("a", "b"), (None, None)) == "xs[a=null]"


def test_diff_value_and_json() -> None:
    diff = diff_task_definitions(_td(), _td(_app(image="nginx:1.28"), cpu="256"))
    assert diff
    assert len(diff) == 2
    assert [c.kind for c in diff] == [ChangeKind.CHANGED, ChangeKind.ADDED]
    data = json.loads(diff.to_json())
    assert data == {
        "old": "old",
        "new": "new",
        "changes": [
            {
                "path": "containerDefinitions[name=app].image",
                "kind": "changed",
                "old": "nginx:1.27",
                "new": "nginx:1.28",
            },
            {"path": "cpu", "kind": "added", "old": None, "new": "256"},
        ],
    }
    assert diff == diff_task_definitions(_td(), _td(_app(image="nginx:1.28"), cpu="256"))
    assert hash(Change(path="a", kind=ChangeKind.ADDED, new={"x": 1})) == hash(Change(path="a", kind=ChangeKind.ADDED))
    assert not Diff(changes=())
    assert str(Change(path="a", kind=ChangeKind.REMOVED, old=[1, "x"])) == '- a: [1, "x"]'
