"""save -> restore -> continue equals continuing: a restored fake answers every call as the original would have, and
saves the same text after each, whatever happened before the save (a property test), and in another process too.

The operations are the ones whose answers hang on state the records do not show directly (issue 18: the same RunTask
must place on the same instances after a restore): placement with each strategy and constraint, instances of many
zones, types and custom attributes (past the 64 instances where the placement engine keeps sorted indexes), draining,
deregistration, StartTask, awsvpc addresses, dynamic host ports, a capacity provider's Auto Scaling group, services,
time. Another process has another string hash seed: what iterates a set in hash order shows there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import BackendError
from ecskit.models.ecs import (
    Attribute,
    ContainerInstanceStatus,
    CreateCapacityProviderRequest,
    CreateServiceRequest,
    DeregisterContainerInstanceRequest,
    ListContainerInstancesRequest,
    ListTasksRequest,
    PutAttributesRequest,
    StartTaskRequest,
    StopTaskRequest,
    TargetType,
    UpdateContainerInstancesStateRequest,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import awsvpc, cluster, container, register, run, taskdef

ROOT = Path(__file__).resolve().parents[2]
SUBNET = "subnet-0000000000000000a"
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
TYPES = ("m5.large", "t3.micro", "c5.xlarge")
CLUSTERS = ("web", "other", "cap")
FAMILIES = ("app", "big", "port", "vpc")
STRATEGIES: tuple[list[dict[str, str]] | None, ...] = (
    None,
    [{"type": "random"}],
    [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
    [{"type": "spread", "field": "instanceId"}],
    [{"type": "binpack", "field": "memory"}],
    [{"type": "binpack", "field": "cpu"}],
    [{"type": "spread", "field": "attribute:color"}, {"type": "binpack", "field": "memory"}],
    [{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "random"}],
)
CONSTRAINTS: tuple[list[dict[str, str]] | None, ...] = (
    None,
    [{"type": "distinctInstance"}],
    [{"type": "memberOf", "expression": "attribute:color == red"}],
)

Op = tuple[Any, ...]
OPS: st.SearchStrategy[Op] = st.one_of(
    st.tuples(st.just("register"), st.sampled_from(CLUSTERS[:2]), st.integers(1, 12), st.integers(0, 8)),
    st.tuples(st.just("many"), st.integers(100, 400), st.integers(30, 70)),
    st.tuples(st.just("deregister"), st.sampled_from(CLUSTERS), st.integers(0, 99)),
    st.tuples(st.just("drain"), st.sampled_from(CLUSTERS), st.integers(0, 99), st.booleans()),
    st.tuples(st.just("color"), st.sampled_from(CLUSTERS[:2]), st.integers(0, 99), st.sampled_from(["red", "blue"])),
    st.tuples(
        st.just("run"),
        st.sampled_from(CLUSTERS),
        st.sampled_from(FAMILIES),
        st.integers(1, 4),
        st.integers(0, len(STRATEGIES) - 1),
        st.integers(0, len(CONSTRAINTS) - 1),
    ),
    st.tuples(st.just("start"), st.sampled_from(CLUSTERS[:2]), st.integers(0, 99)),
    st.tuples(st.just("stop"), st.sampled_from(CLUSTERS), st.integers(0, 99)),
    st.tuples(st.just("advance"), st.sampled_from([1.0, 5.0, 30.0, 120.0])),
    st.tuples(st.just("service"), st.integers(1, 3), st.integers(0, 4), st.integers(0, len(STRATEGIES) - 1)),
)


def _fake() -> FakeBackend:
    fake = FakeBackend()
    cluster(fake, "web")
    cluster(fake, "other")
    taskdef(fake, "app", container(portMappings=[{"containerPort": 80}]))
    taskdef(fake, "big", container(memoryReservation=3000))
    taskdef(fake, "port", container(portMappings=[{"containerPort": 80, "hostPort": 80}]))
    taskdef(fake, "vpc", container(), networkMode="awsvpc")
    fake.declare_subnet(SUBNET, "10.9.0.0/24", "us-east-1a")
    group = fake.declare_auto_scaling_group(
        "asg", instance_type="m5.large", availability_zones=ZONES[:2], desired_capacity=1, max_size=4
    )
    scaling = {"status": "ENABLED", "instanceWarmupPeriod": 30}
    fake.create_capacity_provider(
        from_api(
            {"name": "cp", "autoScalingGroupProvider": {"autoScalingGroupArn": group, "managedScaling": scaling}},
            CreateCapacityProviderRequest,
        )
    )
    cluster(fake, "cap", capacityProviders=["cp"], defaultCapacityProviderStrategy=[{"capacityProvider": "cp"}])
    return fake


def _instance(fake: FakeBackend, name: str, n: int) -> str | None:
    found = fake.list_container_instances(ListContainerInstancesRequest(cluster=name, max_results=100))
    arns = found.container_instance_arns or ()
    return arns[n % len(arns)] if arns else None


def _apply(fake: FakeBackend, op: Op) -> object:
    """Play one operation; what it answered (or the error it was refused with) is its outcome."""
    kind = op[0]
    try:
        if kind == "register":
            return register(fake, op[1], op[2], TYPES[op[3] % 3], ZONES[op[3] % 3]).container_instance_arn
        if kind == "many":
            return [
                register(fake, "web", op[1] + j, TYPES[j % 3], ZONES[j % 3]).container_instance_arn
                for j in range(op[2])
            ]
        if kind in ("deregister", "drain", "color", "start"):
            arn = _instance(fake, op[1], op[2])
            if arn is None:
                return None
            if kind == "deregister":
                request = DeregisterContainerInstanceRequest(cluster=op[1], container_instance=arn, force=True)
                return fake.deregister_container_instance(request)
            if kind == "drain":
                status = ContainerInstanceStatus.DRAINING if op[3] else ContainerInstanceStatus.ACTIVE
                request_state = UpdateContainerInstancesStateRequest(
                    cluster=op[1], container_instances=(arn,), status=status
                )
                return fake.update_container_instances_state(request_state)
            if kind == "color":
                attribute = Attribute(
                    name="color", value=op[3], target_type=TargetType.CONTAINER_INSTANCE, target_id=arn
                )
                return fake.put_attributes(PutAttributesRequest(cluster=op[1], attributes=(attribute,)))
            return fake.start_task(StartTaskRequest(cluster=op[1], task_definition="app", container_instances=(arn,)))
        if kind == "run":
            members: dict[str, Any] = {"cluster": op[1], "taskDefinition": op[2], "count": op[3]}
            if STRATEGIES[op[4]] is not None:
                members["placementStrategy"] = STRATEGIES[op[4]]
            if CONSTRAINTS[op[5]] is not None:
                members["placementConstraints"] = CONSTRAINTS[op[5]]
            if op[2] == "vpc":
                members["networkConfiguration"] = awsvpc(SUBNET)
            return run(fake, **members)
        if kind == "stop":
            arns = fake.list_tasks(ListTasksRequest(cluster=op[1], max_results=100)).task_arns or ()
            return fake.stop_task(StopTaskRequest(cluster=op[1], task=arns[op[2] % len(arns)])) if arns else None
        if kind == "advance":
            fake.advance(op[1])
            return fake.clock.now()
        name = f"s{op[1]}"
        doc: dict[str, Any] = {"cluster": "web", "taskDefinition": "app", "desiredCount": op[2]}
        if STRATEGIES[op[3]] is not None:
            doc["placementStrategy"] = STRATEGIES[op[3]]
        try:
            return fake.create_service(from_api({**doc, "serviceName": name}, CreateServiceRequest))
        except BackendError:  # made before, with other members: update it instead
            update = {k: v for k, v in doc.items() if k != "taskDefinition"}
            return fake.update_service(from_api({**update, "service": name}, UpdateServiceRequest))
    except BackendError as exc:
        return (exc.code, exc.message)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(before=st.lists(OPS, max_size=10), after=st.lists(OPS, min_size=1, max_size=6))
def test_a_restored_fake_answers_as_the_original_would_have(before: list[Op], after: list[Op]) -> None:
    fake = _fake()
    for op in before:
        _apply(fake, op)
    again = FakeBackend.restore(fake.save())
    for op in after:
        assert _apply(again, op) == _apply(fake, op), op
    assert again.save() == fake.save()


#: Run in another process, under another string hash seed: restores the snapshot, plays the operations and prints
#: what it answered and its last save.
_CHILD = """
import json, sys
from ecskit.backends.fake import FakeBackend
from tests.fake.test_snapshot_continues import _apply
text, ops = json.loads(sys.stdin.read())
fake = FakeBackend.restore(text)
print(json.dumps([repr(_apply(fake, tuple(op))) for op in ops] + [fake.save()]))
"""


def test_a_fake_restored_in_another_process_goes_on_as_the_original() -> None:
    import json

    fake = _fake()
    setup: list[Op] = [("many", 100, 66), ("color", "web", 3, "red"), ("color", "web", 9, "blue")]
    setup += [
        ("run", "web", "app", 4, 6, 0),
        ("run", "cap", "big", 3, 0, 0),
        ("advance", 30.0),
        ("drain", "web", 5, True),
    ]
    for op in setup:
        _apply(fake, op)
    text = fake.save()
    ops: list[Op] = [
        ("run", "web", f, 4, s, c)
        for f in ("app", "vpc")
        for s in range(len(STRATEGIES))
        for c in (0, 2)
        if f == "app" or c == 0
    ]
    ops += [("advance", 120.0), ("service", 1, 3, 6), ("advance", 60.0), ("run", "cap", "app", 2, 0, 0)]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD)],
        input=json.dumps([text, ops]),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    mine = [repr(_apply(fake, op)) for op in ops] + [fake.save()]
    assert json.loads(child.stdout) == mine
