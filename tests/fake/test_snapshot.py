"""FakeBackend save and restore: a snapshot loses nothing, a restored fake goes on exactly as the original would
have, and a snapshot edited into something that is not a fake is refused with a SnapshotError saying what is wrong
(never another exception, never a fake that half works).

The fakes saved here hold a bit of everything: clusters in two Regions, EC2 instances and an Auto Scaling group
behind a capacity provider (tasks waiting for its capacity), bridge, awsvpc and Fargate tasks at every step of
their lifecycle (some doomed by a ``runtime`` finding, some by a fault), a service in the middle of a deployment,
tags and the queue of what virtual time will bring.
"""

from __future__ import annotations

import copy
import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecskit import from_api
from ecskit.backends.fake import FakeBackend, Faults
from ecskit.backends.fake.core.events import Event
from ecskit.errors import BackendError, SnapshotError
from ecskit.models.ecs import (
    ContainerInstanceStatus,
    CreateCapacityProviderRequest,
    CreateServiceRequest,
    DeleteClusterRequest,
    DescribeClustersRequest,
    DescribeServicesRequest,
    DescribeTasksRequest,
    DesiredStatus,
    ListClustersRequest,
    ListContainerInstancesRequest,
    ListServicesRequest,
    ListTasksRequest,
    PutClusterCapacityProvidersRequest,
    Service,
    StopTaskRequest,
    Tag,
    TagResourceRequest,
    Task,
    TaskField,
    UpdateContainerInstancesStateRequest,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import awsvpc, cluster, container, fargate_taskdef, register, run, taskdef

Doc = dict[str, Any]
ZONES = ("us-east-1a", "us-east-1b")
SUBNET = "subnet-0000000000000000a"
#: Task definition families of the scenes, and how RunTask launches each (extra wire members).
LAUNCHES: dict[str, Doc] = {
    "app": {"cluster": "web"},
    "worker": {"cluster": "web"},
    "vpc": {"cluster": "web", "networkConfiguration": awsvpc(SUBNET)},
    "fg": {"cluster": "web", "launchType": "FARGATE", "networkConfiguration": awsvpc(SUBNET, "subnet-1234567f")},
    "doomed": {"cluster": "web"},
    "nope": {"cluster": "web"},
    "big": {"cluster": "cap"},
}


# -- scenes ----------------------------------------------------------------------------------------------------------


def _provider(fake: FakeBackend) -> None:
    """Cluster ``cap``, whose default capacity provider ``cp`` scales Auto Scaling group ``asg`` (1 to 3 m5.large)."""
    group = fake.declare_auto_scaling_group(
        "asg", instance_type="m5.large", availability_zones=ZONES, desired_capacity=1, max_size=3
    )
    scaling = {"status": "ENABLED", "instanceWarmupPeriod": 30}
    fake.create_capacity_provider(
        from_api(
            {"name": "cp", "autoScalingGroupProvider": {"autoScalingGroupArn": group, "managedScaling": scaling}},
            CreateCapacityProviderRequest,
        )
    )
    cluster(fake, "cap")
    fake.put_cluster_capacity_providers(
        from_api(
            {
                "cluster": "cap",
                "capacityProviders": ["cp"],
                "defaultCapacityProviderStrategy": [{"capacityProvider": "cp", "weight": 1}],
            },
            PutClusterCapacityProvidersRequest,
        )
    )


def _base() -> FakeBackend:
    """Clusters, instances, subnets, capacity and every task definition of :data:`LAUNCHES`; a service ``api``."""
    fake = FakeBackend(faults=Faults().crash("worker:1", exit_code=9, after_seconds=20).fail_pull("nginx:nope"))
    cluster(fake, "web")
    register(fake, "web", 1, "m5.xlarge", "us-east-1a")
    register(fake, "web", 2, "m5.xlarge", "us-east-1b")
    fake.declare_subnet(SUBNET, "10.9.0.0/24", "us-east-1a")
    _provider(fake)
    taskdef(fake, "app", container(portMappings=[{"containerPort": 80}]))
    taskdef(fake, "worker", container(image="worker:1"))
    taskdef(fake, "vpc", container(), networkMode="awsvpc")
    fargate_taskdef(fake, "fg")
    # a runtime finding: the soft limit above the hard one stops the task when its container starts
    taskdef(fake, "doomed", container(ulimits=[{"name": "nofile", "softLimit": 4096, "hardLimit": 1024}]))
    taskdef(fake, "nope", container(image="nginx:nope"))
    taskdef(fake, "big", container(memoryReservation=3000))
    fake.create_service(
        from_api(
            {"cluster": "web", "serviceName": "api", "taskDefinition": "app", "desiredCount": 2},
            CreateServiceRequest,
        )
    )
    return fake


def _scene() -> FakeBackend:
    """:func:`_base` with tasks of every family, one stopped, a deployment under way, and a second Region."""
    fake = _base()
    for family, count in (("app", 3), ("worker", 1), ("vpc", 2), ("fg", 2), ("doomed", 1), ("nope", 1)):
        run(fake, taskDefinition=family, count=count, **LAUNCHES[family])
    run(fake, taskDefinition="big", count=4, **LAUNCHES["big"])  # two fit on the one instance; two wait
    fake.advance(12)
    first = fake.list_tasks(ListTasksRequest(cluster="web", family="app")).task_arns or ()
    fake.stop_task(StopTaskRequest(cluster="web", task=first[0], reason="by hand"))
    taskdef(fake, "app", container(portMappings=[{"containerPort": 80}], cpu=64))
    fake.update_service(from_api({"cluster": "web", "service": "api", "taskDefinition": "app:2"}, UpdateServiceRequest))
    fake.tag_resource(
        TagResourceRequest(
            resource_arn="arn:aws:ecs:us-east-1:123456789012:cluster/web", tags=(Tag(key="t", value="1"),)
        )
    )
    cluster(fake, "gone")
    fake.delete_cluster(DeleteClusterRequest(cluster="gone"))
    eu = fake.scoped(region="eu-west-1")
    cluster(eu, "web")
    register(eu, "web", 9, zone="eu-west-1a")
    taskdef(eu, "app")
    run(eu, cluster="web", taskDefinition="app")
    return fake


def _observed(fake: FakeBackend) -> tuple[list[Task], list[Service]]:
    """What DescribeTasks and DescribeServices show of every task and service of the fake's view."""
    tasks: list[Task] = []
    services: list[Service] = []
    listed = fake.list_clusters(ListClustersRequest(max_results=100)).cluster_arns or ()
    shown = fake.describe_clusters(DescribeClustersRequest(clusters=listed)).clusters or () if listed else ()
    for cluster_arn in [c.cluster_arn or "" for c in shown if c.status == "ACTIVE"]:  # deleted ones are listed too
        arns: list[str] = []
        for status in (DesiredStatus.RUNNING, DesiredStatus.STOPPED):
            token: str | None = None
            while True:
                request = ListTasksRequest(cluster=cluster_arn, desired_status=status, next_token=token)
                page = fake.list_tasks(request)
                arns += page.task_arns or ()
                token = page.next_token
                if token is None:
                    break
        for start in range(0, len(arns), 100):
            chunk = tuple(arns[start : start + 100])
            found = fake.describe_tasks(
                DescribeTasksRequest(cluster=cluster_arn, tasks=chunk, include=(TaskField.TAGS,))
            )
            assert not found.failures
            tasks += found.tasks or ()
        names = fake.list_services(ListServicesRequest(cluster=cluster_arn, max_results=100)).service_arns or ()
        for start in range(0, len(names), 10):
            chunk = tuple(names[start : start + 10])
            services += (
                fake.describe_services(DescribeServicesRequest(cluster=cluster_arn, services=chunk)).services or ()
            )
    return tasks, services


# -- save -> restore -> save -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0.0, 1.0, 4.0, 9.5, 16.0, 45.0, 400.0, 3700.0])
def test_a_scene_saves_restores_and_saves_the_same_text(seconds: float) -> None:
    fake = _scene()
    fake.advance(seconds)
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text
    assert FakeBackend.restore(text.encode()).save() == text  # bytes too
    assert again.records() == fake.records()
    assert again.queued() == fake.queued()
    assert again.clock.now() == fake.clock.now()
    assert _observed(again) == _observed(fake)


def test_the_scene_holds_what_it_claims() -> None:
    # the other tests of this module are only as good as the scene: check it has each kind of thing in it
    fake = _scene()
    records = fake.records()
    statuses = {t.last_status for t in records.tasks.values()}
    assert {"PROVISIONING", "PENDING", "RUNNING", "STOPPED"} <= statuses
    assert any(t.desired_status == "STOPPED" and t.last_status != "STOPPED" for t in records.tasks.values())
    assert any(t.eni is not None and t.last_status != "STOPPED" for t in records.tasks.values())
    assert any(t.doom is not None for t in records.tasks.values())
    assert records.waiting, "tasks waiting for the capacity provider's capacity"
    assert records.groups
    assert records.providers
    assert len(next(iter(records.services.values())).deployments) == 2
    kinds = {type(q.event).__name__ for q in fake.queued()}
    assert kinds >= {"TaskStep", "ForgetTask", "Reconcile", "InstanceReady", "CapacityRetry"}
    assert len(json.loads(fake.save())["regions"]) == 2


def test_a_restored_scene_goes_on_as_the_original() -> None:
    fake = _scene()
    fake.advance(5)
    again = FakeBackend.restore(fake.save())

    def script(backend: FakeBackend) -> list[object]:
        seen: list[object] = []
        for step in range(6):
            seen.append(run(backend, taskDefinition="app", count=2, **LAUNCHES["app"]))
            seen.append(run(backend, taskDefinition="vpc", **LAUNCHES["vpc"]))  # the next free address
            backend.advance(7.5 * step)
            seen.append(_observed(backend))
        backend.advance(4000)
        seen.append(_observed(backend))
        seen.append(backend.save())
        return seen

    assert script(again) == script(fake)


@pytest.mark.parametrize("family", ["doomed", "nope", "fg", "vpc"])
def test_a_task_restored_before_its_next_step_takes_it_as_the_original(family: str) -> None:
    # restored at once: every step of its lifecycle (a doom at its start, a failing pull, a Fargate ENI) runs on the
    # restored records, whose enum members (the doom's step, the launch type) must be the enums' own
    fake = _base()
    (task,) = run(fake, taskDefinition=family, **LAUNCHES[family]).tasks or ()
    again = FakeBackend.restore(fake.save())
    record = again.records().tasks[task.task_arn or ""]
    assert record.launch_type is fake.records().tasks[task.task_arn or ""].launch_type
    assert record.doom == fake.records().tasks[task.task_arn or ""].doom
    for backend in (fake, again):
        backend.advance(60)
    assert _observed(again) == _observed(fake)
    assert again.save() == fake.save()


def test_random_placement_goes_on_identically_after_an_instance_left() -> None:
    fake = FakeBackend()
    cluster(fake, "web")
    for n in (1, 2, 3):
        register(fake, "web", n)
    taskdef(fake, "app")
    first = fake.list_container_instances(ListContainerInstancesRequest(cluster="web")).container_instance_arns or ()
    fake.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="web", container_instances=(first[0],), status=ContainerInstanceStatus.DRAINING
        )
    )
    again = FakeBackend.restore(fake.save())

    def placed(backend: FakeBackend) -> list[str | None]:
        return [
            t.container_instance_arn
            for _ in range(6)
            for t in run(backend, cluster="web", taskDefinition="app").tasks or ()
        ]

    assert placed(again) == placed(fake)


# -- any sequence of operations ----------------------------------------------------------------------------------------

Op = tuple[Any, ...]
#: Advances of at most 90 s: a service deployed with a doomed revision restarts its task every few seconds, and an
#: hour of that is hundreds of tasks per example (the hour STOPPED tasks are kept is the scenes' part, above).
OPS: st.SearchStrategy[Op] = st.one_of(
    st.tuples(st.just("run"), st.sampled_from(sorted(LAUNCHES)), st.integers(1, 3)),
    st.tuples(st.just("stop"), st.integers(0, 40)),
    st.tuples(st.just("advance"), st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0, 8.0, 13.0, 30.0, 90.0])),
    st.tuples(st.just("scale"), st.integers(0, 4)),
    st.tuples(st.just("deploy"), st.sampled_from(["app:1", "app:2", "doomed:1"])),
    st.tuples(st.just("instance"), st.integers(3, 6)),
    st.tuples(st.just("drain"), st.integers(0, 6)),
)


def _apply(fake: FakeBackend, op: Op) -> object:
    """Play one operation; what it answered (or the error it was refused with) is its outcome."""
    kind = op[0]
    try:
        if kind == "run":
            return run(fake, taskDefinition=op[1], count=op[2], **LAUNCHES[op[1]])
        if kind == "stop":
            arns = fake.list_tasks(ListTasksRequest(cluster="web", max_results=100)).task_arns or ()
            if not arns:
                return None
            return fake.stop_task(StopTaskRequest(cluster="web", task=arns[op[1] % len(arns)]))
        if kind == "advance":
            fake.advance(op[1])
            return fake.clock.now()
        if kind == "scale":
            update = {"cluster": "web", "service": "api", "desiredCount": op[1]}
            return fake.update_service(from_api(update, UpdateServiceRequest))
        if kind == "deploy":
            update = {"cluster": "web", "service": "api", "taskDefinition": op[1]}
            return fake.update_service(from_api(update, UpdateServiceRequest))
        if kind == "instance":
            return register(fake, "web", op[1], zone=ZONES[op[1] % 2])
        listed = fake.list_container_instances(ListContainerInstancesRequest(cluster="web"))
        instances = listed.container_instance_arns or ()
        if not instances:
            return None
        status = ContainerInstanceStatus.DRAINING if op[1] % 2 else ContainerInstanceStatus.ACTIVE
        request = UpdateContainerInstancesStateRequest(
            cluster="web", container_instances=(instances[op[1] % len(instances)],), status=status
        )
        return fake.update_container_instances_state(request)
    except BackendError as exc:
        return (exc.code, exc.message)


def _second_revision(fake: FakeBackend) -> FakeBackend:
    taskdef(fake, "app", container(portMappings=[{"containerPort": 80}], cpu=32))
    return fake


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(OPS, max_size=10))
def test_any_state_saves_restores_and_saves_the_same_text(ops: list[Op]) -> None:
    fake = _second_revision(_base())
    for op in ops:
        _apply(fake, op)
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text
    assert again.records() == fake.records()


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(OPS, max_size=8), after=st.lists(OPS, min_size=1, max_size=8))
def test_a_restored_fake_goes_on_identically(before: list[Op], after: list[Op]) -> None:
    fake = _second_revision(_base())
    for op in before:
        _apply(fake, op)
    again = FakeBackend.restore(fake.save())
    for op in after:
        assert _apply(again, op) == _apply(fake, op), op
        assert again.save() == fake.save()
    again.advance(120)
    fake.advance(120)
    assert _observed(again) == _observed(fake)
    assert again.save() == fake.save()


# -- snapshots that are not a fake ------------------------------------------------------------------------------------


def _snapshot() -> tuple[FakeBackend, Doc]:
    """The scene a few seconds in (awsvpc tasks holding addresses of one subnet, tasks on instances, a service,
    events of several kinds queued), and its snapshot as JSON data to edit."""
    fake = _scene()
    fake.advance(3)
    return fake, json.loads(fake.save())


def _region(data: Doc) -> Doc:
    found: Doc = next(r for r in data["regions"] if r["region"] == "us-east-1")
    return found


def _task(data: Doc, family: str = "app", *, placed: bool = False) -> Doc:
    for task in _region(data)["tasks"].values():
        if f"task-definition/{family}:" in task["definition_arn"] and (task["placement"] or not placed):
            found: Doc = task
            return found
    raise AssertionError(f"no task of {family} in the scene")


def _holders(data: Doc) -> list[Doc]:
    return [t for t in _region(data)["tasks"].values() if t["eni"] and t["last_status"] != "STOPPED"]


def _service(data: Doc) -> Doc:
    found: Doc = next(iter(_region(data)["services"].values()))
    return found


def _event(data: Doc, kind: str) -> Doc:
    found: Doc = next(q for q in data["queue"] if q["event"]["kind"] == kind)
    return found


def _set(path: Callable[[Doc], Doc], key: str, value: object) -> Callable[[Doc], None]:
    def edit(data: Doc) -> None:
        path(data)[key] = value

    return edit


def _drop(key: str) -> Callable[[Doc], None]:
    def edit(data: Doc) -> None:
        del data[key]

    return edit


def _same_address(data: Doc) -> None:
    first, second = _holders(data)[:2]
    second["eni"]["address"] = first["eni"]["address"]


def _renamed_task(data: Doc) -> None:
    tasks = _region(data)["tasks"]
    arn = next(iter(tasks))
    tasks[arn + "0"] = tasks.pop(arn)


def _dropped_container(data: Doc) -> None:
    _task(data, "app")["containers"] = []


def _same_seq(data: Doc) -> None:
    first, second = data["queue"][:2]
    second["seq"] = first["seq"]


def _renamed_cluster(data: Doc) -> None:
    _region(data)["clusters"]["web"]["name"] = "other"


#: How a snapshot was edited, and what the SnapshotError must say (a regular expression).
TAMPERED: dict[str, tuple[Callable[[Doc], None], str]] = {
    # the document as a whole
    "another format": (_set(lambda d: d, "format", 1), r"its format is 1, this release reads format 3"),
    "format as text": (_set(lambda d: d, "format", "2"), r"its format is '2'"),
    "no queue": (_drop("queue"), r"required field missing @ snapshot\.queue"),
    "no regions": (_drop("regions"), r"required field missing @ snapshot\.regions"),
    "no clock": (_drop("clock"), r"required field missing @ snapshot\.clock"),
    "a member too many": (_set(lambda d: d, "comment", "hi"), r"extra fields found \(comment\) @ snapshot"),
    "regions as an object": (_set(lambda d: d, "regions", {}), r"expected a list, got dict @ snapshot\.regions"),
    # the clock and ids
    "elapsed as text": (_set(lambda d: d["clock"], "elapsed", "5"), r"clock: elapsed: expected float, got str '5'"),
    "elapsed not a number": (_set(lambda d: d["clock"], "elapsed", float("nan")), r"elapsed must be a finite"),
    "elapsed past the calendar": (
        _set(lambda d: d["clock"], "elapsed", 1e300),
        r"clock: 1e\+300 seconds after 2025-01-01T00:00:00\+00:00 is past the calendar's end",
    ),
    "start at the calendar's end": (
        _set(lambda d: d["clock"], "start", "9999-12-31T23:59:59+00:00"),
        r"clock: [0-9.]+ seconds after 9999-12-31T23:59:59\+00:00 is past the calendar's end",
    ),
    "start without a time zone": (_set(lambda d: d["clock"], "start", "2025-01-01T00:00:00"), r"has no time zone"),
    "id counter as text": (
        _set(lambda d: d["ids"], "counter", "7"),
        r"expected int, got str '7' @ snapshot\.ids\['counter'\]",
    ),
    # a record's members
    "a number as text": (
        _set(_task, "version", "2"),
        r"expected int, got str '2' @ snapshot\.regions\[0\]\.tasks\['arn:aws:ecs:[^']+'\]\.version",
    ),
    "a number as true": (_set(_task, "version", True), r"expected int, got bool True @ .*\.version"),
    "a required member null": (_set(_task, "cluster", None), r"expected str, got NoneType None @ .*\.cluster"),
    "a time as a number": (_set(_task, "created_at", 0), r"expected an ISO 8601 time, got int @ .*\.created_at"),
    "an unknown enum value": (
        _set(_task, "launch_type", "BOAT"),
        r"'BOAT' is not a LaunchType \(one of EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES\) @ .*\.launch_type",
    ),
    "a list as text": (
        _set(_task, "starting", "app"),
        r"expected a list, got str @ .*\.starting",
    ),
    "a set of numbers": (
        _set(_region, "pokes", [1]),
        r"item 0: expected str, got int 1 @ snapshot\.regions\[0\]\.pokes",
    ),
    "a member too many in a record": (_set(_task, "colour", "red"), r"extra fields found \(colour\)"),
    "a wire model that is not one": (
        _set(_task, "overrides", {"containerOverrides": "app"}),
        r"containerOverrides: expected a list, got the string 'app' \(write a list here\) @ .*\.overrides",
    ),
    "a fault of no kind": (_set(lambda d: d["faults"][0], "kind", "zap"), r"'zap' is not a kind of fault"),
    # the queue
    "an unknown event kind": (
        _set(lambda d: d["queue"][0]["event"], "kind", "Explode"),
        rf"unknown event kind 'Explode' \(one of {', '.join(sorted(c.__name__ for c in typing.get_args(Event)))}\) "
        r"@ snapshot\.queue\[0\]\.event",
    ),
    "an unknown task step": (
        _set(lambda d: _event(d, "TaskStep")["event"], "step", "dance"),
        r"'dance' is not a Step",
    ),
    "an event due before now": (
        _set(lambda d: _event(d, "TaskStep"), "due", 0.0),
        r"queue: an event is due at 0\.0, not between the clock's 15\.0 and forever",
    ),
    "an event due never": (
        _set(lambda d: _event(d, "TaskStep"), "due", float("inf")),
        r"queue: an event is due at inf",
    ),
    "an event due at NaN": (
        _set(lambda d: _event(d, "TaskStep"), "due", float("nan")),
        r"queue: an event is due at nan",
    ),
    "two events with one seq": (_same_seq, r"queue: event seq \d+ is taken twice"),
    "an event of an account not saved": (
        _set(lambda d: d["queue"][0], "account", "999999999999"),
        r"an event of account 999999999999 in us-east-1, which is not saved",
    ),
    # records that do not hold together
    "a task on an instance that does not exist": (
        lambda d: _task(d, placed=True)["placement"].update(
            instance_id="arn:aws:ecs:us-east-1:123456789012:container-instance/web/0000"
        ),
        r"is placed on arn:aws:ecs:us-east-1:123456789012:container-instance/web/0000",
    ),
    "a task naming an instance that does not exist": (
        _set(
            lambda d: _task(d, placed=True), "instance_arn", "arn:aws:ecs:us-east-1:123456789012:container-instance/x"
        ),
        r"names container instance arn:aws:ecs:us-east-1:123456789012:container-instance/x, which is not there",
    ),
    "a service of a task definition not there": (
        _set(_service, "task_definition", "arn:aws:ecs:us-east-1:123456789012:task-definition/gone:1"),
        r"service arn:aws:ecs:us-east-1:123456789012:service/web/api runs arn:aws:ecs:us-east-1:123456789012:"
        r"task-definition/gone:1, which is not there",
    ),
    "a deployment of a task definition not there": (
        lambda d: _service(d)["deployments"][-1].update(task_definition="arn:aws:ecs:us-east-1:1:task-definition/x:9"),
        r"runs arn:aws:ecs:us-east-1:1:task-definition/x:9, which is not there",
    ),
    "a task of a revision int() cannot read": (
        _set(_task, "definition_arn", "arn:aws:ecs:us-east-1:123456789012:task-definition/app:\u00b2"),
        r"runs task definition .*/app:\u00b2, which is not there",
    ),
    "two tasks holding one address": (
        _same_address,
        r"two tasks hold address 10\.9\.0\.\d+ of subnet-0000000000000000a",
    ),
    "an address outside its subnet": (
        lambda d: _holders(d)[0]["eni"].update(address="192.168.0.1"),
        r"has address 192\.168\.0\.1, outside subnet-0000000000000000a",
    ),
    "a task in a cluster that does not exist": (
        _set(_task, "cluster", "nowhere"),
        r"task arn:aws:ecs:us-east-1:123456789012:task/web/\w+ is not in a cluster it names",
    ),
    "a task saved under another ARN": (_renamed_task, r"task arn:aws:ecs:\S+0 is not in a cluster it names"),
    "a task without its containers": (_dropped_container, r"does not have the containers of .*task-definition/app:1"),
    "a cluster saved under another name": (_renamed_cluster, r"cluster web is saved under the name other"),
    "an instance in a cluster that does not exist": (
        lambda d: next(iter(_region(d)["instances"].values())).update(cluster="nowhere"),
        r"container instance \S+ is not in a cluster it names",
    ),
    "a revision at the wrong place": (
        lambda d: _region(d)["definitions"]["app"][0].update(revision=5),
        r"task definition app holds revision 5 at 1",
    ),
    "a stopped task still placed": (
        _set(lambda d: _task(d, placed=True), "last_status", "STOPPED"),
        r"is placed on \S+, which cannot hold it",
    ),
}


@pytest.mark.parametrize(("edit", "says"), list(TAMPERED.values()), ids=list(TAMPERED))
def test_a_tampered_snapshot_is_refused_saying_what_is_wrong(edit: Callable[[Doc], None], says: str) -> None:
    fake, data = _snapshot()
    before = fake.save()
    edited = copy.deepcopy(data)
    edit(edited)
    assert edited != data, "the edit changed nothing"
    with pytest.raises(SnapshotError, match=says) as info:
        FakeBackend.restore(json.dumps(edited))
    assert type(info.value) is SnapshotError
    assert fake.save() == before  # the fake the snapshot came from is untouched
    fake.advance(30)  # and still works
    assert FakeBackend.restore(fake.save()).save() == fake.save()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", r"a saved fake is JSON text"),
        ("{", r"a saved fake is JSON text"),
        (b"\xff\xfe\x00", r"a saved fake is JSON text"),
        ("[" * 100_000, r"a saved fake is JSON text"),
        ("[]", r"a saved fake is a JSON object, not list"),
        ("null", r"a saved fake is a JSON object, not NoneType"),
        ('"fake"', r"a saved fake is a JSON object, not str"),
        ("{}", r"its format is None, this release reads format 3"),
    ],
)
def test_what_is_not_a_snapshot_at_all_is_refused(text: str | bytes, says: str) -> None:
    with pytest.raises(SnapshotError, match=says) as info:
        FakeBackend.restore(text)
    assert type(info.value) is SnapshotError


def test_the_tampered_table_stays_honest() -> None:
    # every edit of the table applies to the scene's snapshot (none raises while editing), and the unedited
    # snapshot restores: what the table refuses is the edit, not the scene
    _, data = _snapshot()
    for name, (edit, _) in TAMPERED.items():
        edited = copy.deepcopy(data)
        edit(edited)
        assert edited != data, name
    assert FakeBackend.restore(json.dumps(data)).save() == json.dumps(data)
