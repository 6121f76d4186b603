"""Tags of every taggable ECS resource on the fake (what the contract suite cannot set up everywhere: tasks, container
instances, capacity providers, task sets; old-format ARNs of each kind; tags of the create calls; propagated and
managed tags), with ECS's answers (sources: :mod:`ecskit.backends.fake.engine.tags`)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from tests.support.error_texts import container, document, fargate

ARN = "arn:aws:ecs:us-east-1:123456789012"


@pytest.fixture
def ecs() -> Any:
    client = FakeBackend().client("ecs")
    client.create_cluster(clusterName="c")
    return client


def _tags(ecs: Any, arn: str) -> dict[str, str]:
    return {t["key"]: t["value"] for t in ecs.list_tags_for_resource(resourceArn=arn)["tags"]}


def _refused(call: Any, **members: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        call(**members)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def _td(ecs: Any, **members: Any) -> str:
    made = ecs.register_task_definition(family="td", containerDefinitions=[container()], **members)
    return str(made["taskDefinition"]["taskDefinitionArn"])


def _instance(ecs: Any, **members: Any) -> str:
    made = ecs.register_container_instance(cluster="c", instanceIdentityDocument=document(), **members)
    return str(made["containerInstance"]["containerInstanceArn"])


def _task(ecs: Any, **members: Any) -> dict[str, Any]:
    instance = _instance(ecs)
    started = ecs.start_task(
        cluster="c",
        taskDefinition=members.pop("taskDefinition", None) or _td(ecs),
        containerInstances=[instance],
        **members,
    )
    task: dict[str, Any] = started["tasks"][0]
    return task


def _provider(ecs: Any, fake: FakeBackend, **members: Any) -> str:
    group = fake.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=("us-east-1a",))
    made = ecs.create_capacity_provider(name="cp", autoScalingGroupProvider={"autoScalingGroupArn": group}, **members)
    return str(made["capacityProvider"]["capacityProviderArn"])


def test_every_taggable_kind_is_tagged(ecs: Any) -> None:
    td = _td(ecs)
    service = ecs.create_service(cluster="c", serviceName="s", taskDefinition=td, desiredCount=0)["service"]
    task = _task(ecs, taskDefinition=td)
    cluster = ecs.describe_clusters(clusters=["c"])["clusters"][0]["clusterArn"]
    for arn in (cluster, td, service["serviceArn"], task["taskArn"], task["containerInstanceArn"]):
        ecs.tag_resource(resourceArn=arn, tags=[{"key": "kind", "value": arn.split(":")[5].split("/")[0]}])
        assert _tags(ecs, arn) == {"kind": arn.split(":")[5].split("/")[0]}
        ecs.untag_resource(resourceArn=arn, tagKeys=["kind"])
        assert _tags(ecs, arn) == {}


def test_a_capacity_provider_is_tagged() -> None:
    fake = FakeBackend()
    ecs = fake.client("ecs")
    arn = _provider(ecs, fake, tags=[{"key": "a", "value": "1"}])
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "b", "value": "2"}])
    assert _tags(ecs, arn) == {"a": "1", "b": "2"}
    assert (
        _refused(ecs.tag_resource, resourceArn=f"{ARN}:capacity-provider/FARGATE", tags=[{"key": "a", "value": "1"}])[0]
        == "ResourceNotFoundException"
    )


@pytest.mark.parametrize("resource", ["service/s", "task/0123456789abcdef0123456789abcdef", "container-instance/abc"])
def test_old_format_arns_are_refused(ecs: Any, resource: str) -> None:
    code, message = _refused(ecs.list_tags_for_resource, resourceArn=f"{ARN}:{resource}")
    assert (code, message) == ("InvalidParameterException", "Long arn format must be used for tagging operations")


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:ecr:us-east-1:123456789012:repository/web",
        "arn:aws:ecs:eu-west-1:123456789012:cluster/c",
        "arn:aws:ecs:us-east-1:999999999999:cluster/c",
        f"{ARN}:service-deployment/c/s/abc",
        "not an arn",
    ],
)
def test_arns_of_nothing_taggable_are_not_valid(ecs: Any, arn: str) -> None:
    assert _refused(ecs.list_tags_for_resource, resourceArn=arn) == (
        "InvalidParameterException",
        "The ARN provided is invalid.",
    )


@pytest.mark.parametrize(
    "resource",
    [
        "service/nope/s",
        "task/nope/0123456789abcdef0123456789abcdef",
        "container-instance/nope/abc",
        "task-set/nope/s/ecs-svc/123",
    ],
)
def test_resources_of_a_cluster_that_does_not_exist(ecs: Any, resource: str) -> None:
    assert _refused(ecs.tag_resource, resourceArn=f"{ARN}:{resource}", tags=[{"key": "a", "value": "1"}]) == (
        "ClusterNotFoundException",
        "Cluster not found.",
    )


@pytest.mark.parametrize(
    "resource", ["task/c/0123456789abcdef0123456789abcdef", "task-definition/td:9", "task-set/c/s/ecs-svc/1"]
)
def test_resources_that_do_not_exist(ecs: Any, resource: str) -> None:
    arn = f"{ARN}:{resource}"
    assert _refused(ecs.untag_resource, resourceArn=arn, tagKeys=["a"])[0] == "ResourceNotFoundException"
    assert _refused(ecs.list_tags_for_resource, resourceArn=arn) == (
        "InvalidParameterException",
        "The specified resource could not be found.",
    )


def test_a_refused_tagging_changes_nothing(ecs: Any) -> None:
    arn = ecs.describe_clusters(clusters=["c"])["clusters"][0]["clusterArn"]
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}])
    bad = [{"key": "b", "value": "2"}, {"key": "aws:c", "value": "3"}]
    assert _refused(ecs.tag_resource, resourceArn=arn, tags=bad)[0] == "InvalidParameterException"
    assert _refused(ecs.untag_resource, resourceArn=arn, tagKeys=["a", "aws:ecs:clusterName"])[1] == (
        "Tag keys with the prefix aws: are reserved."
    )
    assert _tags(ecs, arn) == {"a": "1"}


@pytest.mark.parametrize(
    ("call", "members"),
    [
        ("create_cluster", {"clusterName": "d"}),
        ("register_task_definition", {"family": "x", "containerDefinitions": [container()]}),
        ("run_task", {"cluster": "c", "taskDefinition": "td"}),
        ("register_container_instance", {"cluster": "c", "instanceIdentityDocument": document()}),
    ],
)
def test_the_calls_that_create_resources_check_their_tags(ecs: Any, call: str, members: dict[str, Any]) -> None:
    _td(ecs)
    for tags, text in (
        ([{"key": "aws:x", "value": "1"}], "Tag keys with the prefix aws: are reserved."),
        ([{"key": f"k{i}", "value": "v"} for i in range(51)], "A resource can have at most 50 tags."),
    ):
        assert _refused(getattr(ecs, call), tags=tags, **members) == ("InvalidParameterException", text)


def test_a_cluster_made_again_has_only_its_own_tags(ecs: Any) -> None:
    ecs.create_cluster(clusterName="again", tags=[{"key": "old", "value": "1"}])
    ecs.delete_cluster(cluster="again")
    made = ecs.create_cluster(clusterName="again")["cluster"]
    assert _tags(ecs, made["clusterArn"]) == {}


def test_run_task_propagates_and_manages_tags(ecs: Any) -> None:
    td = _td(ecs, tags=[{"key": "team", "value": "td"}, {"key": "app", "value": "web"}])
    task = _task(
        ecs,
        taskDefinition=td,
        tags=[{"key": "team", "value": "run"}],
        propagateTags="TASK_DEFINITION",
        enableECSManagedTags=True,
    )
    assert _tags(ecs, task["taskArn"]) == {"team": "run", "app": "web", "aws:ecs:clusterName": "c"}


def test_managed_tags_do_not_count_toward_50(ecs: Any) -> None:
    task = _task(ecs, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)], enableECSManagedTags=True)
    assert len(_tags(ecs, task["taskArn"])) == 51


def test_service_tasks_take_the_service_tags() -> None:
    fake = FakeBackend()
    ecs: Any = fake.client("ecs")
    ecs.create_cluster(clusterName="c")
    td = ecs.register_task_definition(**fargate(tags=[{"key": "from", "value": "td"}]))["taskDefinition"]
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}
    for name, propagate in (("a", "SERVICE"), ("b", "TASK_DEFINITION")):
        ecs.create_service(
            cluster="c",
            serviceName=name,
            taskDefinition=td["taskDefinitionArn"],
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration=network,
            tags=[{"key": "from", "value": "service"}],
            propagateTags=propagate,
            enableECSManagedTags=True,
        )
    fake.advance(60)
    for name, expected in (("a", "service"), ("b", "td")):
        (arn,) = ecs.list_tasks(cluster="c", serviceName=name)["taskArns"]
        assert _tags(ecs, arn) == {"from": expected, "aws:ecs:clusterName": "c", "aws:ecs:serviceName": name}


def test_a_task_set_is_tagged_at_creation_and_by_tag_resource(ecs: Any) -> None:
    ecs.create_service(cluster="c", serviceName="ext", deploymentController={"type": "EXTERNAL"}, desiredCount=0)
    made = ecs.create_task_set(cluster="c", service="ext", taskDefinition=_td(ecs), tags=[{"key": "a", "value": "1"}])
    arn = made["taskSet"]["taskSetArn"]
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "b", "value": "2"}])
    assert _tags(ecs, arn) == {"a": "1", "b": "2"}
    code, _ = _refused(
        ecs.create_task_set, cluster="c", service="ext", taskDefinition=_td(ecs), tags=[{"key": "aws:x", "value": "1"}]
    )
    assert code == "InvalidParameterException"
