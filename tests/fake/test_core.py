"""FakeBackend core: clusters, task definitions, tags; the typed API and a real boto3 client on the fake."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import botocore.exceptions
import pytest

from ecskit import InvalidRequestError, NotFoundError, from_api
from ecskit.backends.fake import EPOCH, FakeBackend, IdFactory, VirtualClock
from ecskit.models.ecs import (
    ClusterField,
    CreateClusterRequest,
    DeleteClusterRequest,
    DeregisterTaskDefinitionRequest,
    DescribeClustersRequest,
    DescribeTaskDefinitionRequest,
    ListClustersRequest,
    ListTaskDefinitionFamiliesRequest,
    ListTaskDefinitionsRequest,
    RegisterTaskDefinitionRequest,
    SortOrder,
    Tag,
    TagResourceRequest,
    TaskDefinitionStatus,
)
from tests.support.rulecases import fargate_taskdef

TD: dict[str, Any] = fargate_taskdef()


def _register(fake: FakeBackend, doc: dict[str, Any] = TD) -> Any:
    return fake.register_task_definition(from_api(doc, RegisterTaskDefinitionRequest))


def test_clusters_lifecycle() -> None:
    fake = FakeBackend()
    created = fake.create_cluster(CreateClusterRequest(cluster_name="web", tags=(Tag(key="team", value="a"),))).cluster
    assert created is not None
    assert created.cluster_arn == "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    assert created.status == "ACTIVE"
    # idempotent, as on AWS
    assert fake.create_cluster(CreateClusterRequest(cluster_name="web")).cluster == created
    described = fake.describe_clusters(DescribeClustersRequest(clusters=("web", "nope"), include=(ClusterField.TAGS,)))
    assert [c.cluster_name for c in described.clusters or ()] == ["web"]
    assert [f.reason for f in described.failures or ()] == ["MISSING"]
    assert (described.clusters or ())[0].tags == (Tag(key="team", value="a"),)
    assert fake.list_clusters(ListClustersRequest()).cluster_arns == (created.cluster_arn,)
    deleted = fake.delete_cluster(DeleteClusterRequest(cluster="web")).cluster
    assert deleted is not None
    assert deleted.status == "INACTIVE"
    # still listed, and described, as AWS keeps deleted clusters discoverable for a while
    assert fake.list_clusters(ListClustersRequest()).cluster_arns == (created.cluster_arn,)
    with pytest.raises(NotFoundError) as info:
        fake.delete_cluster(DeleteClusterRequest(cluster="web"))
    assert info.value.code == "ClusterNotFoundException"
    assert info.value.operation == "DeleteCluster"


def test_task_definition_revisions() -> None:
    fake = FakeBackend()
    first = _register(fake).task_definition
    second = _register(fake).task_definition
    assert (first.revision, second.revision) == (1, 2)
    assert second.task_definition_arn == "arn:aws:ecs:us-east-1:123456789012:task-definition/app:2"
    assert second.registered_at == EPOCH
    assert second.compatibilities == ("EC2", "FARGATE")
    latest = fake.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="app")).task_definition
    assert latest == second
    fake.deregister_task_definition(DeregisterTaskDefinitionRequest(task_definition="app:2"))
    latest = fake.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="app")).task_definition
    assert latest == first
    arns = fake.list_task_definitions(ListTaskDefinitionsRequest()).task_definition_arns
    assert arns == (first.task_definition_arn,)
    _register(fake)
    _register(fake)
    fake.deregister_task_definition(DeregisterTaskDefinitionRequest(task_definition="app:4"))
    inactive = ListTaskDefinitionsRequest(status=TaskDefinitionStatus.INACTIVE, sort=SortOrder.DESC)
    assert fake.list_task_definitions(inactive).task_definition_arns == (
        "arn:aws:ecs:us-east-1:123456789012:task-definition/app:4",
        second.task_definition_arn,
    )
    assert fake.list_task_definition_families(ListTaskDefinitionFamiliesRequest()).families == ("app",)


def test_register_runs_the_validators() -> None:
    fake = FakeBackend()
    with pytest.raises(InvalidRequestError) as info:
        _register(fake, fargate_taskdef(cpu="512", memory="512"))
    assert info.value.code == "ClientException"
    assert "No Fargate configuration exists for given values: 512 CPU, 512 memory." in info.value.message


@pytest.mark.parametrize("ref", ["nope:1", "arn:aws:ecs:us-east-1:123456789012:cluster/web", "app:\u00b2"])
def test_unknown_task_definition(ref: str) -> None:
    # the ARN of another resource, or a revision str.isdigit takes and int() refuses: not found, not a crash
    with pytest.raises(InvalidRequestError) as info:
        FakeBackend().describe_task_definition(DescribeTaskDefinitionRequest(task_definition=ref))
    assert info.value.message == "Unable to describe task definition."


def test_pagination() -> None:
    fake = FakeBackend()
    for i in range(7):
        fake.create_cluster(CreateClusterRequest(cluster_name=f"c{i}"))
    seen: list[str] = []
    token = None
    while True:
        page = fake.list_clusters(ListClustersRequest(max_results=3, next_token=token))
        seen += page.cluster_arns or ()
        token = page.next_token
        if token is None:
            break
    assert len(seen) == 7
    assert len(set(seen)) == 7


def test_accounts_and_regions_are_apart() -> None:
    fake = FakeBackend()
    fake.create_cluster(CreateClusterRequest(cluster_name="web"))
    eu = fake.scoped(region="eu-west-1")
    other = fake.scoped(account="210987654321")
    assert eu.list_clusters(ListClustersRequest()).cluster_arns == ()
    assert other.list_clusters(ListClustersRequest()).cluster_arns == ()
    created = eu.create_cluster(CreateClusterRequest(cluster_name="web")).cluster
    assert created is not None
    assert created.cluster_arn == "arn:aws:ecs:eu-west-1:123456789012:cluster/web"


def test_tags() -> None:
    fake = FakeBackend()
    arn = _register(fake).task_definition.task_definition_arn
    fake.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="a", value="1"),)))
    from ecskit.models.ecs import ListTagsForResourceRequest, UntagResourceRequest

    assert fake.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags == (Tag(key="a", value="1"),)
    fake.untag_resource(UntagResourceRequest(resource_arn=arn, tag_keys=("a",)))
    assert fake.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags == ()
    with pytest.raises(InvalidRequestError):
        fake.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="aws:x", value="1"),)))


def test_boto3_client_is_served_by_the_fake() -> None:
    fake = FakeBackend()
    ecs = fake.client("ecs")
    arn = ecs.create_cluster(clusterName="web")["cluster"]["clusterArn"]
    assert arn == "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    td = ecs.register_task_definition(**TD)["taskDefinition"]
    assert td["revision"] == 1
    assert isinstance(td["registeredAt"], datetime.datetime)
    described = ecs.describe_task_definition(taskDefinition="app:1")["taskDefinition"]
    assert described == td
    paginator = ecs.get_paginator("list_clusters")
    assert [a for page in paginator.paginate() for a in page["clusterArns"]] == [arn]
    # errors come back as botocore ClientErrors with AWS's codes, and the modelled exception classes
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.delete_cluster(cluster="nope")
    with pytest.raises(botocore.exceptions.ClientError) as info:
        ecs.register_task_definition(**fargate_taskdef(cpu="512", memory="512"))
    assert info.value.response["Error"]["Code"] == "ClientException"
    # botocore's own parameter validation still runs
    with pytest.raises(botocore.exceptions.ParamValidationError):
        ecs.create_cluster(clusterName=5)  # type: ignore[arg-type]
    # a value outside an enum is an InvalidParameterException, as on AWS
    with pytest.raises(botocore.exceptions.ClientError) as info:
        ecs.list_task_definitions(status="SOMETIMES")  # type: ignore[arg-type]
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"


def test_deterministic_ids_and_injectable_clock() -> None:
    start = datetime.datetime(2030, 5, 1, tzinfo=datetime.UTC)
    one = FakeBackend(clock=VirtualClock(start), ids=IdFactory(seed=7))
    two = FakeBackend(clock=VirtualClock(start), ids=IdFactory(seed=7))
    assert one.ids.hex32() == two.ids.hex32()
    td = _register(one).task_definition
    assert td.registered_at == start
    one.advance(90)
    assert _register(one).task_definition.registered_at == start + datetime.timedelta(seconds=90)
    with pytest.raises(ValueError, match="negative"):
        one.advance(-1)


def test_save_and_restore_lose_nothing() -> None:
    fake = FakeBackend()
    fake.create_cluster(CreateClusterRequest(cluster_name="web", tags=(Tag(key="t", value="v"),)))
    _register(fake)
    fake.scoped(region="eu-west-1").create_cluster(CreateClusterRequest(cluster_name="eu"))
    fake.advance(12.5)
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text
    assert again.clock.now() == fake.clock.now()
    assert again.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="app:1")) == (
        fake.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="app:1"))
    )
    # ids continue where they stopped
    assert again.ids.hex32() == fake.ids.hex32()


def test_threads_hammering_one_fake() -> None:
    fake = FakeBackend()
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(25):
                fake.create_cluster(CreateClusterRequest(cluster_name=f"t{n}-{i}"))
                _register(fake)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    revisions = fake.list_task_definitions(ListTaskDefinitionsRequest(max_results=100)).task_definition_arns or ()
    assert len(fake.list_clusters(ListClustersRequest(max_results=100)).cluster_arns or ()) == 100
    assert len(revisions) == 100
    last = fake.describe_task_definition(DescribeTaskDefinitionRequest(task_definition="app")).task_definition
    assert last is not None
    assert last.revision == 200
