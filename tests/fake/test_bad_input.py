"""What the fake does with what it cannot serve: a request model with members of the wrong type is a
ConversionError naming each member (and nothing reaches the fake); an operation it has no handler for is AWS's
``InvalidAction`` naming the operation (through ``send`` and through its boto3 clients alike); something that is
not a request model is a UsageError. And fakes are cheap and apart: two of them never see each other's state,
however their calls and clients interleave, in one thread or many."""

from __future__ import annotations

import threading
from typing import Any, cast

import botocore.exceptions
import pytest

from ecskit import Client
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.registry import served
from ecskit.errors import BackendError, ConversionError, UsageError, ValidationError
from ecskit.models._base import Request
from ecskit.models.ecs import (
    Cluster,
    CreateClusterRequest,
    CreateClusterResponse,
    CreateServiceRequest,
    DescribeExpressGatewayServiceRequest,
    ListClustersRequest,
    ListTaskDefinitionsRequest,
    RunTaskRequest,
    Tag,
    TaskOverride,
)
from ecskit.operations import operation_of
from tests.support.fake_ecs import cluster, register, run, taskdef


def _fake() -> FakeBackend:
    """A fake where every well-typed request below would be served (a cluster, an instance, a task definition)."""
    fake = FakeBackend()
    cluster(fake, "web")
    register(fake, "web", 1)
    taskdef(fake, "app")
    return fake


# -- (a) members of the wrong type ------------------------------------------------------------------------------------

#: A request with members of the wrong type, and the paths of the members the error must name. The requests are
#: built with ``cast`` on purpose: the type checker would refuse them, as it should.
WRONG: dict[str, tuple[Request[Any], tuple[str, ...]]] = {
    "a number for a string": (RunTaskRequest(cluster="web", task_definition=cast(str, 5)), ("taskDefinition",)),
    "a list for a string": (CreateClusterRequest(cluster_name=cast(str, ["x"])), ("clusterName",)),
    "a string for a number": (RunTaskRequest(task_definition="app", count=cast(int, "3")), ("count",)),
    "a bool for a number": (RunTaskRequest(task_definition="app", count=True), ("count",)),
    "a bad enum string": (ListTaskDefinitionsRequest(status=cast(Any, "SOMETIMES")), ("status",)),
    "a bad enum string in RunTask": (
        RunTaskRequest(task_definition="app", launch_type=cast(Any, "BOAT")),
        ("launchType",),
    ),
    "a nested member": (
        RunTaskRequest(task_definition="app", overrides=TaskOverride(cpu=cast(str, 5))),
        ("overrides.cpu",),
    ),
    "a member of a list item": (
        CreateClusterRequest(cluster_name="x", tags=(Tag(key=cast(str, 1), value="v"),)),
        ("tags[0].key",),
    ),
    "a required member left out": (RunTaskRequest(task_definition=cast(str, None)), ("taskDefinition",)),
    "every bad member at once": (
        CreateServiceRequest(
            service_name="web", desired_count=cast(int, -1.5), scheduling_strategy=cast(Any, "SOMETIMES")
        ),
        ("desiredCount", "schedulingStrategy"),
    ),
}


def _paths(exc: BaseException) -> set[str]:
    """The member paths an error names (a ConversionError's fields, a ValidationError's findings)."""
    if isinstance(exc, ConversionError):
        return {e.path for e in exc.errors}
    assert isinstance(exc, ValidationError)
    return {f.path for f in getattr(exc.report, "findings", ())}


@pytest.mark.parametrize(("request_", "paths"), list(WRONG.values()), ids=list(WRONG))
def test_a_member_of_the_wrong_type_is_a_conversion_error_naming_it(
    request_: Request[Any], paths: tuple[str, ...]
) -> None:
    fake = _fake()
    before = fake.save()
    with pytest.raises(ConversionError) as info:
        fake.send(request_)
    assert type(info.value) is ConversionError
    assert info.value.target == type(request_).__name__
    assert {e.path for e in info.value.errors} == set(paths)
    for path in paths:
        assert f"  {path}: " in str(info.value)  # the message names each, one a line
    assert fake.save() == before  # nothing reached the fake
    # the same through the verbs and a client that does not validate (the backend's own check)
    for sender in (Client(fake, validate=False), Client(fake, validate=False).ecs):
        with pytest.raises(ConversionError) as again:
            sender.send(request_)
        assert {e.path for e in again.value.errors} == set(paths)
    assert fake.save() == before


@pytest.mark.parametrize(("request_", "paths"), list(WRONG.values()), ids=list(WRONG))
def test_a_client_refuses_a_member_of_the_wrong_type_before_the_fake_sees_it(
    request_: Request[Any], paths: tuple[str, ...]
) -> None:
    fake = _fake()
    before = fake.save()
    # a validating Client refuses it with a finding (schema rules) or the backend's ConversionError: either way
    # an ecskit error naming the member, and nothing served
    with pytest.raises((ConversionError, ValidationError)) as info:
        Client(fake).send(request_)
    assert set(paths) <= _paths(info.value)
    assert fake.save() == before


def test_well_typed_twins_of_the_wrong_requests_are_served() -> None:
    # the fake of the tests above would have served the same requests with members of the right type: what was
    # refused was the type, not the request
    fake = _fake()
    assert run(fake, cluster="web", taskDefinition="app", count=3).tasks
    fake.send(CreateClusterRequest(cluster_name="x", tags=(Tag(key="1", value="v"),)))
    fake.send(ListTaskDefinitionsRequest(status=cast(Any, "INACTIVE")))
    fake.send(RunTaskRequest(cluster="web", task_definition="app", overrides=TaskOverride(cpu="5")))


# -- (b) an operation the fake does not serve -------------------------------------------------------------------------

UNSERVED: list[Request[Any]] = [
    DescribeExpressGatewayServiceRequest(service_arn="arn:aws:ecs:us-east-1:123456789012:service/web/api"),
]


@pytest.mark.parametrize(
    "request_", UNSERVED, ids=lambda r: type(r).__module__.rsplit(".", 2)[-2] + "." + type(r).__name__
)
def test_an_operation_the_fake_does_not_serve_is_invalid_action(request_: Request[Any]) -> None:
    operation = operation_of(request_)
    fake = _fake()
    assert operation not in served()
    assert not fake.serves(operation)
    before = fake.save()
    with pytest.raises(BackendError) as info:
        fake.send(request_)
    assert info.value.code == "InvalidAction"
    assert info.value.operation == operation.name
    assert f"{operation.service} {operation.name}" in info.value.message
    with pytest.raises(BackendError) as through_client:
        Client(fake).send(request_)
    assert (through_client.value.code, through_client.value.message) == ("InvalidAction", info.value.message)
    assert fake.save() == before


@pytest.mark.parametrize("service", ["ecr", "ecr-public"])
def test_a_boto3_client_gets_invalid_action_for_what_the_fake_does_not_serve(service: str) -> None:
    fake = FakeBackend()
    client: Any = fake.client(cast(Any, service))
    model = client.meta.service_model
    unserved = [  # the operations the fake does not serve that a call without arguments reaches
        name
        for name in model.operation_names
        if name not in {o.name for o in served(service)}
        and not (model.operation_model(name).input_shape and model.operation_model(name).input_shape.required_members)
    ]
    if not unserved:
        pytest.skip(f"the fake serves every {service} operation that can be called without arguments")
    name = unserved[0]
    with pytest.raises(botocore.exceptions.ClientError) as info:
        getattr(client, botocore.xform_name(name))()
    error = info.value.response["Error"]
    assert error["Code"] == "InvalidAction"
    assert name in error["Message"]
    assert info.value.operation_name == name


# -- (c) not a request at all -----------------------------------------------------------------------------------------

NOT_REQUESTS: dict[str, object] = {
    "a string": "CreateCluster",
    "a wire dict": {"clusterName": "web"},
    "None": None,
    "a response model": CreateClusterResponse(),
    "a model that is not a request": Cluster(cluster_name="web"),
    "a request class, not a request": CreateClusterRequest,
}


@pytest.mark.parametrize("thing", list(NOT_REQUESTS.values()), ids=list(NOT_REQUESTS))
def test_what_is_not_a_request_model_is_a_usage_error(thing: object) -> None:
    fake = _fake()
    before = fake.save()
    for sender in (fake, Client(fake), Client(fake, validate=False)):
        with pytest.raises(UsageError) as info:
            sender.send(cast(Any, thing))
        assert "is not the request of an AWS operation" in str(info.value)
    assert fake.save() == before


# -- (d) fakes are apart -----------------------------------------------------------------------------------------------


def _names(fake: FakeBackend) -> list[str]:
    arns = fake.list_clusters(ListClustersRequest(max_results=100)).cluster_arns or ()
    return sorted(a.rsplit("/", 1)[-1] for a in arns)


def test_two_fakes_made_alternately_never_see_each_other() -> None:
    one, two = FakeBackend(), FakeBackend()
    ecs_one, ecs_two = one.client("ecs"), two.client("ecs")
    for n in range(5):
        one.create_cluster(CreateClusterRequest(cluster_name=f"one-{n}"))
        ecs_two.create_cluster(clusterName=f"two-{n}")
        ecs_one.create_cluster(clusterName=f"one-boto-{n}")
        two.create_cluster(CreateClusterRequest(cluster_name=f"two-model-{n}"))
    assert _names(one) == sorted([f"one-{n}" for n in range(5)] + [f"one-boto-{n}" for n in range(5)])
    assert _names(two) == sorted([f"two-{n}" for n in range(5)] + [f"two-model-{n}" for n in range(5)])
    assert sorted(a.rsplit("/", 1)[-1] for a in ecs_two.list_clusters(maxResults=100)["clusterArns"]) == _names(two)
    # a fake made now starts empty, and its ids start where every new fake's do (no shared id factory)
    three = FakeBackend()
    assert _names(three) == []
    one.advance(30)
    assert three.clock.now() == FakeBackend().clock.now()
    assert three.ids.hex32() == FakeBackend().ids.hex32()


def test_fakes_in_threads_never_see_each_other() -> None:
    count = 6
    start = threading.Barrier(count)
    seen: dict[int, tuple[list[str], list[str], str]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            fake = FakeBackend()
            start.wait()
            ecs = fake.client("ecs")  # clients made in every thread at once
            for i in range(8):
                fake.create_cluster(CreateClusterRequest(cluster_name=f"t{n}-{i}"))
                ecs.create_cluster(clusterName=f"t{n}-boto-{i}")
                fake.advance(1)
            listed = sorted(a.rsplit("/", 1)[-1] for a in ecs.list_clusters(maxResults=100)["clusterArns"])
            seen[n] = (_names(fake), listed, fake.clock.now().isoformat())
        except BaseException as exc:  # a thread's failure fails the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for n in range(count):
        mine = sorted([f"t{n}-{i}" for i in range(8)] + [f"t{n}-boto-{i}" for i in range(8)])
        assert seen[n] == (mine, mine, "2025-01-01T00:00:08+00:00")


def test_fakes_running_the_same_calls_interleaved_end_the_same() -> None:
    # nothing of one fake leaks into another (ids, clocks, placement, queues): the same calls, interleaved, give
    # the same fake twice
    fakes = [_fake(), _fake()]
    for step in range(5):
        for fake in fakes:
            run(fake, cluster="web", taskDefinition="app", count=2)
            fake.advance(3 + step)
    assert fakes[0].save() == fakes[1].save()
