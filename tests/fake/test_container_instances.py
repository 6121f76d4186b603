"""FakeBackend: container instances (EC2 and EXTERNAL), their attributes, draining and deregistration."""

from __future__ import annotations

import json
import re

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    Attribute,
    ContainerInstance,
    ContainerInstanceField,
    ContainerInstanceStatus,
    DeleteAttributesRequest,
    DeregisterContainerInstanceRequest,
    DescribeClustersRequest,
    DescribeContainerInstancesRequest,
    ListAttributesRequest,
    ListContainerInstancesRequest,
    ListTagsForResourceRequest,
    PutAccountSettingDefaultRequest,
    PutAttributesRequest,
    RegisterContainerInstanceRequest,
    Resource,
    SettingName,
    StopTaskRequest,
    Tag,
    TagResourceRequest,
    TargetType,
    UpdateContainerInstancesStateRequest,
)
from ecskit.placement import UNKNOWN_TYPE_DEFAULTS, instance_type, registered_resources
from tests.support.fake_ecs import (
    cluster,
    describe,
    ec2_id,
    identity_document,
    register,
    register_external,
    run,
    taskdef,
)

CI = TargetType.CONTAINER_INSTANCE


@pytest.fixture
def fake() -> FakeBackend:
    made = FakeBackend()
    cluster(made)
    return made


def _resources(resources: tuple[Resource, ...] | None) -> dict[str, object]:
    return {r.name or "": r.integer_value if r.type == "INTEGER" else r.string_set_value for r in resources or ()}


def _describe(fake: FakeBackend, *refs: str) -> list[object]:
    return list(
        fake.describe_container_instances(
            DescribeContainerInstancesRequest(cluster="web", container_instances=refs)
        ).container_instances
        or ()
    )


def test_ec2_registration_from_the_identity_document(fake: FakeBackend) -> None:
    ci = register(fake, "web", 1, "m5.large", "us-east-1b")
    arn = ci.container_instance_arn or ""
    assert arn.startswith("arn:aws:ecs:us-east-1:123456789012:container-instance/web/")
    assert len(arn.rsplit("/", 1)[1]) == 32
    assert ci.ec2_instance_id == ec2_id(1)
    assert ci.status == "ACTIVE"
    assert ci.agent_connected is True
    assert ci.registered_at is not None
    assert (ci.version_info and ci.version_info.agent_version) == "1.89.3"
    registered = _resources(ci.registered_resources)
    assert registered == {
        "CPU": 2048,
        "MEMORY": 7984,
        "PORTS": ("22", "2375", "2376", "51678", "51679"),
        "PORTS_UDP": (),
    }
    assert ci.remaining_resources == ci.registered_resources
    attributes = {a.name: a.value for a in ci.attributes or ()}
    assert attributes["ecs.instance-type"] == "m5.large"
    assert attributes["ecs.availability-zone"] == "us-east-1b"
    assert attributes["ecs.ami-id"] == "ami-0123456789abcdef0"
    assert attributes["ecs.os-type"] == "linux"
    assert attributes["ecs.cpu-architecture"] == "x86_64"
    assert "ecs.capability.task-eni" in attributes
    assert "ecs.capability.external" not in attributes
    counts = fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ()
    assert counts[0].registered_container_instances_count == 1
    # the agent registering the same instance again gets the same container instance
    assert register(fake, "web", 1).container_instance_arn == arn


def test_resources_follow_the_instance_type(fake: FakeBackend) -> None:
    small = _resources(register(fake, "web", 1, "t3.micro").registered_resources)
    big = _resources(register(fake, "web", 2, "m5.4xlarge").registered_resources)
    arm = register(fake, "web", 3, "m7g.large")
    assert (small["CPU"], big["CPU"]) == (2048, 16384)
    assert small["MEMORY"] == 1024 - 96
    assert big["MEMORY"] == 65536 - 1104
    # an identity document of an ARM instance says so; without it the table does
    assert {a.name: a.value for a in arm.attributes or ()}["ecs.cpu-architecture"] == "x86_64"
    doc = json.loads(identity_document(ec2_id(4), "m7g.large"))
    del doc["architecture"]
    arm2 = fake.register_container_instance(
        RegisterContainerInstanceRequest(cluster="web", instance_identity_document=json.dumps(doc))
    ).container_instance
    assert arm2 is not None
    assert {a.name: a.value for a in arm2.attributes or ()}["ecs.cpu-architecture"] == "arm64"


def test_total_resources_and_gpus(fake: FakeBackend) -> None:
    total = (
        Resource(name="CPU", type="INTEGER", integer_value=1000),
        Resource(name="MEMORY", type="INTEGER", integer_value=3000),
        Resource(name="PORTS", type="STRINGSET", string_set_value=("22",)),
    )
    ci = fake.register_container_instance(
        RegisterContainerInstanceRequest(
            cluster="web", instance_identity_document=identity_document(ec2_id(1), "x9.odd"), total_resources=total
        )
    ).container_instance
    assert ci is not None
    assert _resources(ci.registered_resources) == {"CPU": 1000, "MEMORY": 3000, "PORTS": ("22",), "PORTS_UDP": ()}
    gpu = register(fake, "web", 2, "g4dn.12xlarge")
    gpus = _resources(gpu.registered_resources)["GPU"]
    assert isinstance(gpus, tuple)
    assert len(gpus) == 4


@pytest.mark.parametrize(
    "name",
    ["m1.small", "t2.micro", "c1.medium", "m7i.large", "p5.48xlarge", "g6.xlarge", "m7g.large", "p3.2xlarge"],
)
def test_any_ec2_instance_type_registers(fake: FakeBackend, name: str) -> None:
    # ECS registers any EC2 instance; what it registers is what the agent reports for the type
    itype = instance_type(name)
    ci = fake.register_container_instance(
        RegisterContainerInstanceRequest(
            cluster="web",
            instance_identity_document=identity_document(ec2_id(1), name, architecture=itype.architecture),
        )
    ).container_instance
    assert ci is not None
    expected = registered_resources(itype).resources
    registered = _resources(ci.registered_resources)
    assert (registered["CPU"], registered["MEMORY"]) == (itype.vcpus * 1024, expected.memory)
    gpus = registered.get("GPU", ())
    assert isinstance(gpus, tuple)
    assert len(gpus) == itype.gpus == expected.gpu
    attributes = {a.name: a.value for a in ci.attributes or ()}
    assert attributes["ecs.instance-type"] == name
    assert attributes["ecs.cpu-architecture"] == itype.architecture
    assert fake.records().instances[ci.container_instance_arn or ""].enis == itype.max_enis - 1


def test_a_type_newer_than_the_table_registers(fake: FakeBackend) -> None:
    # with what the agent reports (it always sends totalResources)
    total = (
        Resource(name="CPU", type="INTEGER", integer_value=8192),
        Resource(name="MEMORY", type="INTEGER", integer_value=31000),
    )
    reported = fake.register_container_instance(
        RegisterContainerInstanceRequest(
            cluster="web",
            instance_identity_document=identity_document(ec2_id(1), "m99i.2xlarge", architecture="arm64"),
            total_resources=total,
        )
    ).container_instance
    assert reported is not None
    assert _resources(reported.registered_resources) == {
        "CPU": 8192,
        "MEMORY": 31000,
        "PORTS": ("22", "2375", "2376", "51678", "51679"),
        "PORTS_UDP": (),
    }
    attributes = {a.name: a.value for a in reported.attributes or ()}
    assert (attributes["ecs.instance-type"], attributes["ecs.cpu-architecture"]) == ("m99i.2xlarge", "arm64")
    assert fake.records().instances[reported.container_instance_arn or ""].enis == UNKNOWN_TYPE_DEFAULTS.max_enis - 1
    # without them: the documented defaults (an m5.large's numbers)
    bare = register(fake, "web", 2, "m99i.large")
    defaults = registered_resources(UNKNOWN_TYPE_DEFAULTS).resources
    assert _resources(bare.registered_resources)["CPU"] == defaults.cpu == 2048
    assert _resources(bare.registered_resources)["MEMORY"] == defaults.memory
    assert fake.records().instances[bare.container_instance_arn or ""].enis == 2
    placed = run(fake, cluster="web", taskDefinition=taskdef(fake, "app"), count=2).tasks or ()
    assert len(placed) == 2


def test_eni_trunking(fake: FakeBackend) -> None:
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html: "a c5.large instance
    # with awsvpcTrunking ... allows you to launch ten tasks on the container instance instead of the current two",
    # for instances launched after the setting is on; they have the ecs.awsvpc-trunk-id attribute
    def enis(ci: ContainerInstance) -> int:
        return fake.records().instances[ci.container_instance_arn or ""].enis

    def trunk(ci: ContainerInstance) -> str | None:
        return {a.name: a.value for a in ci.attributes or ()}.get("ecs.awsvpc-trunk-id")

    before = register(fake, "web", 1, "c5.large")
    fake.put_account_setting_default(PutAccountSettingDefaultRequest(name=SettingName.AWSVPC_TRUNKING, value="enabled"))
    after = register(fake, "web", 2, "c5.large")
    old = register(fake, "web", 3, "t2.micro")  # a Xen instance: no trunk
    assert (enis(before), trunk(before)) == (2, None)
    assert enis(after) == 10
    assert re.fullmatch(r"eni-[0-9a-f]{17}", trunk(after) or "")
    assert (enis(old), trunk(old)) == (1, None)
    assert enis(register(fake, "web", 4, "m99.large")) == 2  # a type newer than the table: no trunk known
    listed = fake.list_attributes(
        ListAttributesRequest(cluster="web", target_type=CI, attribute_name="ecs.awsvpc-trunk-id")
    ).attributes
    assert [a.target_id for a in listed or ()] == [after.container_instance_arn]


def test_bad_registrations(fake: FakeBackend) -> None:
    def attempt(document: str | None, **members: object) -> str:
        request = RegisterContainerInstanceRequest(cluster="web", instance_identity_document=document, **members)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError) as info:
            fake.register_container_instance(request)
        assert info.value.code == "InvalidParameterException"
        return info.value.message

    assert "no instanceType" in attempt(identity_document(ec2_id(1), instanceType=None))
    assert "not valid JSON" in attempt("{nope")
    assert "instanceId" in attempt(json.dumps({"instanceType": "m5.large"}))
    assert "eu-west-1" in attempt(identity_document(ec2_id(1), zone="eu-west-1a"))
    assert "totalResources" in attempt(None)
    with pytest.raises(NotFoundError):
        fake.register_container_instance(
            RegisterContainerInstanceRequest(cluster="nope", instance_identity_document=identity_document(ec2_id(1)))
        )
    register(fake, "web", 9)
    cluster(fake, "other")
    with pytest.raises(InvalidRequestError, match="already registered"):
        register(fake, "other", 9)


def test_external_instances_take_only_external_tasks(fake: FakeBackend) -> None:
    external = register_external(fake, "web")
    assert (external.ec2_instance_id or "").startswith("mi-")
    assert len(external.ec2_instance_id or "") == 20
    attributes = {a.name for a in external.attributes or ()}
    assert "ecs.capability.external" in attributes
    assert "ecs.capability.task-eni" not in attributes
    td = taskdef(fake, "app")
    with pytest.raises(InvalidRequestError, match="No Container Instances"):
        run(fake, cluster="web", taskDefinition=td)
    placed = run(fake, cluster="web", taskDefinition=td, launchType="EXTERNAL").tasks or ()
    assert [t.container_instance_arn for t in placed] == [external.container_instance_arn]
    assert placed[0].launch_type == "EXTERNAL"
    assert placed[0].availability_zone is None
    ec2 = register(fake, "web", 1)
    again = run(fake, cluster="web", taskDefinition=td, count=2).tasks or ()
    assert {t.container_instance_arn for t in again} == {ec2.container_instance_arn}


def test_describe_and_list(fake: FakeBackend) -> None:
    a = register(fake, "web", 1, "t3.large", "us-east-1a")
    b = register(fake, "web", 2, "m5.large", "us-east-1b")
    a_arn, b_arn = a.container_instance_arn or "", b.container_instance_arn or ""
    fake.tag_resource(TagResourceRequest(resource_arn=b_arn, tags=(Tag(key="team", value="x"),)))
    response = fake.describe_container_instances(
        DescribeContainerInstancesRequest(
            cluster="web",
            container_instances=(b_arn, a_arn.rsplit("/", 1)[1], "0" * 32),
            include=(ContainerInstanceField.TAGS, ContainerInstanceField.CONTAINER_INSTANCE_HEALTH),
        )
    )
    found = response.container_instances or ()
    assert [c.container_instance_arn for c in found] == [b_arn, a_arn]
    assert found[0].tags == (Tag(key="team", value="x"),)
    assert found[0].health_status is not None
    assert found[0].health_status.overall_status == "OK"
    assert [(f.arn, f.reason) for f in response.failures or ()] == [
        (f"arn:aws:ecs:us-east-1:123456789012:container-instance/web/{'0' * 32}", "MISSING")
    ]
    plain = _describe(fake, a_arn)[0]
    assert plain.health_status is None  # type: ignore[attr-defined]

    def listed(**members: object) -> tuple[str, ...]:
        request = ListContainerInstancesRequest(cluster="web", **members)  # type: ignore[arg-type]
        return fake.list_container_instances(request).container_instance_arns or ()

    assert listed() == (a_arn, b_arn)
    assert listed(filter="attribute:ecs.instance-type =~ t3.*") == (a_arn,)
    assert listed(filter="attribute:ecs.availability-zone == us-east-1b and runningTasksCount == 0") == (b_arn,)
    assert listed(status=ContainerInstanceStatus.DRAINING) == ()
    page = fake.list_container_instances(ListContainerInstancesRequest(cluster="web", max_results=1))
    assert page.container_instance_arns == (a_arn,)
    assert page.next_token is not None
    with pytest.raises(InvalidRequestError, match="filter"):
        listed(filter="attribute:ecs.instance-type ==")
    with pytest.raises(NotFoundError):
        fake.list_container_instances(ListContainerInstancesRequest(cluster="nope"))


def test_draining_takes_no_new_tasks_but_keeps_standalone_ones(fake: FakeBackend) -> None:
    a = register(fake, "web", 1)
    b = register(fake, "web", 2)
    a_arn, b_arn = a.container_instance_arn or "", b.container_instance_arn or ""
    td = taskdef(fake, "app")
    first = (
        run(fake, cluster="web", taskDefinition=td, placementStrategy=[{"type": "binpack", "field": "memory"}]).tasks
        or ()
    )[0]
    on = first.container_instance_arn
    off = b_arn if on == a_arn else a_arn
    response = fake.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="web", container_instances=(on or "", "f" * 32), status=ContainerInstanceStatus.DRAINING
        )
    )
    assert [c.status for c in response.container_instances or ()] == ["DRAINING"]
    assert [f.reason for f in response.failures or ()] == ["MISSING"]
    fake.advance(60)
    assert describe(fake, "web", first.task_arn)[0].last_status == "RUNNING"
    more = run(fake, cluster="web", taskDefinition=td, count=3).tasks or ()
    assert {t.container_instance_arn for t in more} == {off}
    assert fake.list_container_instances(
        ListContainerInstancesRequest(cluster="web", status=ContainerInstanceStatus.DRAINING)
    ).container_instance_arns == (on,)
    fake.update_container_instances_state(
        UpdateContainerInstancesStateRequest(
            cluster="web", container_instances=(off,), status=ContainerInstanceStatus.DRAINING
        )
    )
    with pytest.raises(InvalidRequestError, match="No Container Instances"):
        run(fake, cluster="web", taskDefinition=td)
    with pytest.raises(InvalidRequestError):
        fake.update_container_instances_state(
            UpdateContainerInstancesStateRequest(
                cluster="web", container_instances=(off,), status=ContainerInstanceStatus.REGISTERING
            )
        )


def test_deregistration(fake: FakeBackend) -> None:
    ci = register(fake, "web", 1)
    arn = ci.container_instance_arn or ""
    td = taskdef(fake, "app")
    task = (run(fake, cluster="web", taskDefinition=td).tasks or ())[0]
    with pytest.raises(InvalidRequestError, match="Found running tasks on the instance"):
        fake.deregister_container_instance(DeregisterContainerInstanceRequest(cluster="web", container_instance=arn))
    gone = fake.deregister_container_instance(
        DeregisterContainerInstanceRequest(cluster="web", container_instance=arn, force=True)
    ).container_instance
    assert gone is not None
    assert gone.status == "INACTIVE"
    stopped = describe(fake, "web", task.task_arn)[0]
    assert (stopped.last_status, stopped.desired_status) == ("STOPPED", "STOPPED")
    assert stopped.stopped_reason == "Container instance deregistered"
    assert fake.list_container_instances(ListContainerInstancesRequest(cluster="web")).container_instance_arns == ()
    assert [getattr(c, "status", None) for c in _describe(fake, arn)] == ["INACTIVE"]
    clusters = fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ()
    assert clusters[0].registered_container_instances_count == 0
    assert clusters[0].pending_tasks_count == clusters[0].running_tasks_count == 0
    # a stopped task does not hold an instance back
    other = register(fake, "web", 2)
    last = (run(fake, cluster="web", taskDefinition=td).tasks or ())[0]
    fake.stop_task(StopTaskRequest(cluster="web", task=last.task_arn or ""))
    fake.advance(30)
    fake.deregister_container_instance(
        DeregisterContainerInstanceRequest(cluster="web", container_instance=other.container_instance_arn or "")
    )
    with pytest.raises(InvalidRequestError, match="not found"):
        fake.deregister_container_instance(DeregisterContainerInstanceRequest(cluster="web", container_instance=arn))


def test_attributes(fake: FakeBackend) -> None:
    a = register(fake, "web", 1)
    b = register(fake, "web", 2)
    a_arn, b_arn = a.container_instance_arn or "", b.container_instance_arn or ""
    fake.put_attributes(
        PutAttributesRequest(
            cluster="web",
            attributes=(
                Attribute(name="stack", value="prod", target_type=CI, target_id=a_arn),
                Attribute(name="stack", value="test", target_id=b_arn.rsplit("/", 1)[1]),
                Attribute(name="gpu-ready", target_id=b_arn),
            ),
        )
    )

    def listed(**members: object) -> list[tuple[str, str | None, str | None]]:
        request = ListAttributesRequest(cluster="web", target_type=CI, **members)  # type: ignore[arg-type]
        return [(x.name, x.value, x.target_id) for x in fake.list_attributes(request).attributes or ()]

    assert listed(attribute_name="stack") == [("stack", "prod", a_arn), ("stack", "test", b_arn)]
    assert listed(attribute_name="stack", attribute_value="test") == [("stack", "test", b_arn)]
    assert listed(attribute_name="ecs.instance-type") == [
        ("ecs.instance-type", "m5.large", a_arn),
        ("ecs.instance-type", "m5.large", b_arn),
    ]
    with pytest.raises(InvalidRequestError):
        listed(attribute_value="prod")
    # placement sees attributes at once
    td = taskdef(fake, "app")
    placed = (
        run(
            fake,
            cluster="web",
            taskDefinition=td,
            count=3,
            placementConstraints=[{"type": "memberOf", "expression": "attribute:stack == prod"}],
        ).tasks
        or ()
    )
    assert {t.container_instance_arn for t in placed} == {a_arn}
    fake.delete_attributes(
        DeleteAttributesRequest(cluster="web", attributes=(Attribute(name="stack", target_id=a_arn),))
    )
    assert listed(attribute_name="stack") == [("stack", "test", b_arn)]
    refused = run(
        fake,
        cluster="web",
        taskDefinition=td,
        placementConstraints=[{"type": "memberOf", "expression": "attribute:stack == prod"}],
    )
    assert refused.tasks == ()
    assert {f.reason for f in refused.failures or ()} == {"MemberOf placement constraint unsatisfied"}
    # limits and checks
    many = tuple(Attribute(name=f"a{i}", value="v", target_id=a_arn) for i in range(11))
    with pytest.raises(InvalidRequestError) as info:
        fake.put_attributes(PutAttributesRequest(cluster="web", attributes=many))
    assert info.value.code == "AttributeLimitExceededException"
    fake.put_attributes(PutAttributesRequest(cluster="web", attributes=many[:10]))
    with pytest.raises(NotFoundError) as missing:
        fake.put_attributes(PutAttributesRequest(cluster="web", attributes=(Attribute(name="x", target_id="0" * 32),)))
    assert missing.value.code == "TargetNotFoundException"
    for bad in (Attribute(name="bad name", target_id=a_arn), Attribute(name="x", value=" lead", target_id=a_arn)):
        with pytest.raises(InvalidRequestError):
            fake.put_attributes(PutAttributesRequest(cluster="web", attributes=(bad,)))


def test_instance_tags_and_boto3(fake: FakeBackend) -> None:
    ecs = fake.client("ecs")
    found = ecs.register_container_instance(
        cluster="web",
        instanceIdentityDocument=identity_document(ec2_id(1)),
        tags=[{"key": "env", "value": "dev"}],
    )["containerInstance"]
    arn = found["containerInstanceArn"]
    assert found["registeredResources"][0] == {"name": "CPU", "type": "INTEGER", "integerValue": 2048}
    assert fake.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags == (
        Tag(key="env", value="dev"),
    )
    ecs.register_task_definition(family="app", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 256}])
    task = ecs.run_task(cluster="web", taskDefinition="app")["tasks"][0]
    assert task["containerInstanceArn"] == arn
    described = ecs.describe_container_instances(cluster="web", containerInstances=[arn])["containerInstances"][0]
    assert described["pendingTasksCount"] == 1
    remaining = {r["name"]: r.get("integerValue") for r in described["remainingResources"]}
    assert remaining["MEMORY"] == 7984 - 256
