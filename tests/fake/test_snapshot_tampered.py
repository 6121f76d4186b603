"""A snapshot edited at random is refused with a SnapshotError, or restores a fake that works: it advances, answers
calls and saves, and what goes wrong is an ecskit error, never a KeyError, IndexError or StopIteration from inside the
engine minutes of virtual time later (issue 18). The edits are the ones a careless hand or a bad merge makes: a name
or ARN replaced by another of the snapshot, a record dropped, a value replaced by one of another type.

Each case below was found by that generator, and is kept as the example of its class.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.errors import EcsKitError, SnapshotError
from ecskit.models.ecs import (
    DescribeClustersRequest,
    DescribeContainerInstancesRequest,
    DescribeServicesRequest,
    DescribeTasksRequest,
    ListContainerInstancesRequest,
    ListTasksRequest,
    UpdateServiceRequest,
)
from tests.fake.test_snapshot import LAUNCHES, _region, _scene, _service, _task
from tests.support.fake_ecs import run

Doc = dict[str, Any]
Path = tuple[str | int, ...]


@functools.cache
def _saved() -> str:
    fake = _scene()
    fake.advance(3)
    return fake.save()


def _data() -> Doc:
    loaded: Doc = json.loads(_saved())
    return loaded


def _leaves(node: object, path: Path = ()) -> Iterator[tuple[Path, object]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))


@functools.cache
def _places() -> tuple[list[Path], list[Path], list[str]]:
    """(paths of strings, paths of record entries under a region, the snapshot's strings)."""
    strings, entries, texts = [], [], []
    for path, node in _leaves(_data()):
        if isinstance(node, str) and path:
            strings.append(path)
            if len(node) < 200:
                texts.append(node)
        elif isinstance(node, dict | list) and len(path) >= 3 and path[0] == "regions":
            entries.append(path)
    return strings, entries, texts


def _at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[str, Path, object]]:
    strings, entries, texts = _places()
    found: list[tuple[str, Path, object]] = []
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["swap", "drop", "retype"]))
        if kind == "swap":
            found.append((kind, draw(st.sampled_from(strings)), draw(st.sampled_from(texts))))
        elif kind == "drop":
            found.append((kind, draw(st.sampled_from(entries)), None))
        else:
            value: object = draw(st.sampled_from([None, 0, -1, 2.5, "", "x", [], {}, True]))
            found.append((kind, draw(st.sampled_from(strings + entries)), value))
    return found


def _apply(data: Doc, edit: tuple[str, Path, object]) -> None:
    kind, path, value = edit
    try:
        parent = _at(data, path[:-1])
        parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return  # an earlier edit took it away
    if kind == "drop":
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)


def _works(fake: FakeBackend) -> None:
    """Advance the restored fake and call it; an ecskit error is an answer, anything else escapes."""
    calls: list[Callable[[], object]] = [
        lambda: fake.advance(700),
        lambda: fake.describe_tasks(
            DescribeTasksRequest(
                cluster="web", tasks=tuple(fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ("x",))
            )
        ),
        lambda: fake.describe_services(DescribeServicesRequest(cluster="web", services=("api",))),
        lambda: fake.describe_clusters(DescribeClustersRequest(clusters=("web", "cap"))),
        lambda: fake.describe_container_instances(
            DescribeContainerInstancesRequest(
                cluster="web",
                container_instances=tuple(
                    fake.list_container_instances(ListContainerInstancesRequest(cluster="web")).container_instance_arns
                    or ("x",)
                ),
            )
        ),
        lambda: run(fake, taskDefinition="app", count=2, **LAUNCHES["app"]),
        lambda: run(fake, taskDefinition="vpc", **LAUNCHES["vpc"]),
        lambda: run(fake, taskDefinition="big", **LAUNCHES["big"]),
        lambda: fake.update_service(UpdateServiceRequest(cluster="web", service="api", desired_count=3)),
        lambda: fake.advance(4000),
        fake.save,
    ]
    for call in calls:
        with contextlib.suppress(EcsKitError):
            call()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=edits())
def test_a_snapshot_edited_at_random_is_refused_or_restores_a_fake_that_works(
    changes: list[tuple[str, Path, object]],
) -> None:
    data = _data()
    for change in changes:
        _apply(data, change)
    try:
        fake = FakeBackend.restore(json.dumps(data))
    except SnapshotError:
        return
    _works(fake)


def _step_of_another_container(data: Doc) -> None:
    task = _task(data, "app", placed=True)
    step = next(q for q in data["queue"] if q["event"]["kind"] == "TaskStep" and q["event"]["task"] == task["arn"])
    step["event"].update(step="exited", container="zz", exit_code=1)


def _dropped_service_deployment(data: Doc) -> None:
    arn = _service(data)["current_service_deployment"]
    del _region(data)["service_deployments"][arn]


def _definition_arn(data: Doc) -> None:
    app = _region(data)["definitions"]["app"]
    app[0]["arn"] = app[1]["arn"]


def _dropped_dynamic_port(data: Doc) -> None:
    placed = next(t for t in _region(data)["tasks"].values() if t["placement"] and t["placement"]["dynamic_tcp_ports"])
    placed["placement"]["dynamic_tcp_ports"] = []


def _dropped_providers(data: Doc) -> None:
    _region(data)["providers"] = {}


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_dropped_providers, r"cluster cap names capacity provider cp, which is not there"),
        (_step_of_another_container, r"task \S+ has no container 'zz'"),
        (_dropped_service_deployment, r"names service deployment \S+, which is not there"),
        (_definition_arn, r"task definition app:1 is saved with the ARN \S+app:2"),
        (_dropped_dynamic_port, r"holds on its instance other than what it takes"),
    ],
    ids=[
        "capacity providers dropped",
        "a step of a container the task has not",
        "a service deployment dropped",
        "a revision's ARN",
        "a port",
    ],
)
def test_what_the_generator_found(edit: Callable[[Doc], None], says: str) -> None:
    """Each of these restored, then raised StopIteration, KeyError or IndexError from inside advance() (or, for the
    providers, from the next RunTask on the cluster)."""
    data = _data()
    edit(data)
    with pytest.raises(SnapshotError, match=says):
        FakeBackend.restore(json.dumps(data))
