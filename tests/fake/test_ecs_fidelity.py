"""What ECS keeps and shows, on the fake: deleted resources (clusters, services, task definitions, capacity providers)
stay discoverable as AWS keeps them; descriptions show what AWS always fills in; what registers and only fails when a
task starts registers; requests ECS cannot read are answered in its words. (Sources at each test and in the modules
of :mod:`ecskit.backends.fake.api.ecs`.)"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from tests.support.error_texts import container, document, fargate

NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def ecs(fake: FakeBackend) -> Any:
    client = fake.client("ecs")
    client.create_cluster(clusterName="c")
    return client


def _error(call: Any, **members: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call(**members)
    error = info.value.response["Error"]
    return {"Code": str(error.get("Code")), "Message": str(error.get("Message"))}


def _td(ecs: Any, family: str = "td", **members: Any) -> str:
    made = ecs.register_task_definition(family=family, **{"containerDefinitions": [container()], **members})
    return str(made["taskDefinition"]["taskDefinitionArn"])


# -- deleted resources stay discoverable ----------------------------------------------------------------------------


def test_deleted_clusters_are_listed_and_described_for_ever(fake: FakeBackend, ecs: Any) -> None:
    ecs.create_cluster(clusterName="gone")
    ecs.delete_cluster(cluster="gone")
    fake.advance(30 * 86_400)
    arns = ecs.list_clusters()["clusterArns"]
    assert [a.rsplit("/", 1)[-1] for a in arns] == ["c", "gone"]
    (shown,) = ecs.describe_clusters(clusters=["gone"])["clusters"]
    assert shown["status"] == "INACTIVE"
    # made again: ACTIVE, in its place
    ecs.create_cluster(clusterName="gone")
    assert ecs.describe_clusters(clusters=["gone"])["clusters"][0]["status"] == "ACTIVE"


def test_a_deleted_service_drains_out_of_the_list(fake: FakeBackend, ecs: Any) -> None:
    td = _td(ecs)
    ecs.create_service(cluster="c", serviceName="s", taskDefinition=td, desiredCount=0)
    ecs.delete_service(cluster="c", service="s")
    assert ecs.list_services(cluster="c")["serviceArns"] == []
    # deleting a DRAINING service again answers with it
    assert ecs.delete_service(cluster="c", service="s")["service"]["status"] in ("DRAINING", "INACTIVE")
    fake.advance(600)
    assert ecs.describe_services(cluster="c", services=["s"])["services"][0]["status"] == "INACTIVE"
    assert _error(ecs.delete_service, cluster="c", service="s")["Code"] == "ServiceNotFoundException"


def test_inactive_and_deleted_revisions_are_described_but_launch_nothing(ecs: Any) -> None:
    arn = _td(ecs)
    ecs.deregister_task_definition(taskDefinition=arn)
    assert ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]["status"] == "INACTIVE"
    answer = ecs.delete_task_definitions(taskDefinitions=[arn])
    assert [t["status"] for t in answer["taskDefinitions"]] == ["DELETE_IN_PROGRESS"]
    # deleting it again answers with it, unchanged
    again = ecs.delete_task_definitions(taskDefinitions=[arn])
    assert again["taskDefinitions"][0]["deleteRequestedAt"] == answer["taskDefinitions"][0]["deleteRequestedAt"]
    assert ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]["status"] == "DELETE_IN_PROGRESS"
    assert _error(ecs.run_task, cluster="c", taskDefinition=arn) == {
        "Code": "InvalidParameterException",
        "Message": "TaskDefinition is inactive",
    }
    assert _error(ecs.create_service, cluster="c", serviceName="s", taskDefinition=arn, desiredCount=0) == {
        "Code": "ClientException",
        "Message": "TaskDefinition is inactive",
    }


def test_family_prefix_is_a_family_for_task_definitions_and_a_prefix_for_families(ecs: Any) -> None:
    short = _td(ecs, "web")
    _td(ecs, "website")
    assert ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"] == [short]
    assert ecs.list_task_definitions(familyPrefix="we")["taskDefinitionArns"] == []
    assert ecs.list_task_definition_families(familyPrefix="web")["families"] == ["web", "website"]


def test_a_deleted_capacity_provider_is_still_described(fake: FakeBackend) -> None:
    ecs = fake.client("ecs")
    group = fake.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=("us-east-1a",))
    ecs.create_capacity_provider(name="cp", autoScalingGroupProvider={"autoScalingGroupArn": group})
    ecs.delete_capacity_provider(capacityProvider="cp")
    (shown,) = ecs.describe_capacity_providers(capacityProviders=["cp"])["capacityProviders"]
    assert (shown["status"], shown["updateStatus"]) == ("INACTIVE", "DELETE_COMPLETE")


# -- what descriptions always show --------------------------------------------------------------------------------


def test_a_task_definition_shows_empty_lists(ecs: Any) -> None:
    shown = ecs.describe_task_definition(taskDefinition=_td(ecs))["taskDefinition"]
    assert (shown["volumes"], shown["placementConstraints"], shown["requiresAttributes"]) == ([], [], [])
    assert shown["compatibilities"] == ["EXTERNAL", "EC2"]
    assert shown["registeredBy"] == "arn:aws:iam::123456789012:root"
    (app,) = shown["containerDefinitions"]
    assert (app["portMappings"], app["environment"], app["mountPoints"], app["volumesFrom"]) == ([], [], [], [])


def test_describe_clusters_shows_what_include_asks_for(fake: FakeBackend, ecs: Any) -> None:
    made = ecs.create_cluster(clusterName="fg", settings=[{"name": "containerInsights", "value": "enabled"}])
    assert made["cluster"]["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert ecs.describe_clusters(clusters=["fg"])["clusters"][0]["settings"] == []
    td = ecs.register_task_definition(**fargate())["taskDefinition"]["taskDefinitionArn"]
    ecs.run_task(cluster="fg", taskDefinition=td, launchType="FARGATE", networkConfiguration=NETWORK)
    ecs.create_service(
        cluster="fg",
        serviceName="s",
        taskDefinition=td,
        desiredCount=0,
        launchType="FARGATE",
        networkConfiguration=NETWORK,
    )
    fake.advance(120)
    (shown,) = ecs.describe_clusters(clusters=["fg"], include=["STATISTICS", "SETTINGS"])["clusters"]
    counts = {s["name"]: s["value"] for s in shown["statistics"]}
    assert counts == {
        "runningEC2TasksCount": "0",
        "runningFargateTasksCount": "1",
        "pendingEC2TasksCount": "0",
        "pendingFargateTasksCount": "0",
        "activeEC2ServiceCount": "0",
        "activeFargateServiceCount": "1",
        "drainingEC2ServiceCount": "0",
        "drainingFargateServiceCount": "0",
    }
    assert shown["settings"] == [{"name": "containerInsights", "value": "enabled"}]


def test_service_connect_defaults_name_the_namespace_by_arn(ecs: Any) -> None:
    made = ecs.create_cluster(clusterName="sc", serviceConnectDefaults={"namespace": "shop"})["cluster"]
    namespace = made["serviceConnectDefaults"]["namespace"]
    assert namespace.startswith("arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-")
    other = ecs.create_cluster(clusterName="sc2", serviceConnectDefaults={"namespace": "shop"})["cluster"]
    assert other["serviceConnectDefaults"]["namespace"] == namespace  # the same namespace for the same name
    given = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef"
    updated = ecs.update_cluster(cluster="sc", serviceConnectDefaults={"namespace": given})["cluster"]
    assert updated["serviceConnectDefaults"] == {"namespace": given}


def test_a_service_shows_its_defaults(ecs: Any) -> None:
    made = ecs.create_service(cluster="c", serviceName="s", taskDefinition=_td(ecs), desiredCount=0)["service"]
    assert made["deploymentConfiguration"]["maximumPercent"] == 200
    assert made["deploymentConfiguration"]["minimumHealthyPercent"] == 100
    assert made["deploymentConfiguration"]["deploymentCircuitBreaker"] == {"enable": False, "rollback": False}
    assert (made["propagateTags"], made["enableECSManagedTags"]) == ("NONE", False)
    assert (made["placementConstraints"], made["placementStrategy"], made["loadBalancers"]) == ([], [], [])


def test_a_task_on_an_instance_shows_its_cpu_architecture(fake: FakeBackend, ecs: Any) -> None:
    # AWS CLI describe-tasks example of an EC2 task: attributes [{"name": "ecs.cpu-architecture", "value": "x86_64"}]
    td = _td(ecs)
    ecs.register_container_instance(cluster="c", instanceIdentityDocument=document())
    (task,) = ecs.run_task(cluster="c", taskDefinition=td, launchType="EC2")["tasks"]
    assert task["attributes"] == [{"name": "ecs.cpu-architecture", "value": "x86_64"}]
    fake.advance(60)
    (shown,) = ecs.describe_tasks(cluster="c", tasks=[task["taskArn"]])["tasks"]
    assert shown["attributes"] == [{"name": "ecs.cpu-architecture", "value": "x86_64"}]


# -- registered, failing later ------------------------------------------------------------------------------------


def test_elastic_inference_registers_and_its_tasks_are_never_placed(ecs: Any) -> None:
    arn = _td(
        ecs,
        inferenceAccelerators=[{"deviceName": "dev1", "deviceType": "eia2.medium"}],
        containerDefinitions=[container(resourceRequirements=[{"type": "InferenceAccelerator", "value": "dev1"}])],
    )
    ecs.register_container_instance(cluster="c", instanceIdentityDocument=document())
    answer = ecs.run_task(cluster="c", taskDefinition=arn)
    assert answer["tasks"] == []
    assert [f["reason"] for f in answer["failures"]] == ["ATTRIBUTE"]


def test_an_efs_id_of_another_shape_registers(ecs: Any) -> None:
    volumes = [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "my-file-system"}}]
    assert _td(ecs, volumes=volumes)


# -- ECS's words for what it cannot read ----------------------------------------------------------------------------


def test_an_enum_value_outside_its_set(ecs: Any) -> None:
    assert _error(
        ecs.register_task_definition, family="td", networkMode="bogus", containerDefinitions=[container()]
    ) == {
        "Code": "InvalidParameterException",
        "Message": "networkMode should be one of [bridge, host, awsvpc, none]",
    }


def test_two_containers_of_one_host_port(ecs: Any) -> None:
    mapped = [{"containerPort": 53, "hostPort": 53, "protocol": "udp"}]
    error = _error(
        ecs.register_task_definition,
        family="dns",
        containerDefinitions=[container("a", portMappings=mapped), container("b", portMappings=mapped)],
    )
    assert error == {"Code": "ClientException", "Message": "UDP host port '53' is mapped multiple times in task."}
