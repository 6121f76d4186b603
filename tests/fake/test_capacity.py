"""What only the fake has about capacity: its Auto Scaling groups, their instances joining clusters, tasks placed
only on their capacity provider's instances, managed scaling over virtual time, and saving all of it."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine import provisioning as provisioning_module
from ecskit.backends.fake.engine.capacity import split
from ecskit.errors import ConflictError, InvalidRequestError
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    ContainerInstance,
    CreateCapacityProviderRequest,
    DeleteCapacityProviderRequest,
    DescribeCapacityProvidersRequest,
    DescribeClustersRequest,
    DescribeContainerInstancesRequest,
    ListContainerInstancesRequest,
    PutAccountSettingDefaultRequest,
    PutClusterCapacityProvidersRequest,
    SettingName,
    StopTaskRequest,
    Task,
    UpdateCapacityProviderRequest,
)
from tests.support.fake_ecs import cluster, container, describe, detail, register, run, taskdef

ZONES = ("us-east-1a", "us-east-1b")


def provider(fake: FakeBackend, name: str, group: str, **scaling: Any) -> None:
    """A capacity provider on ``group``; managed scaling ENABLED when settings are given."""
    asg: dict[str, Any] = {"autoScalingGroupArn": group}
    if scaling:
        asg["managedScaling"] = {"status": "ENABLED", **scaling}
    fake.create_capacity_provider(
        from_api({"name": name, "autoScalingGroupProvider": asg}, CreateCapacityProviderRequest)
    )


def associate(fake: FakeBackend, name: str, *providers: str, default: str | None = None) -> None:
    """Give cluster ``name`` exactly ``providers`` (and a default strategy of ``default``)."""
    fake.put_cluster_capacity_providers(
        from_api(
            {
                "cluster": name,
                "capacityProviders": list(providers),
                "defaultCapacityProviderStrategy": [{"capacityProvider": default, "weight": 1}] if default else [],
            },
            PutClusterCapacityProvidersRequest,
        )
    )


def instances(fake: FakeBackend, name: str = "web") -> list[ContainerInstance]:
    """The cluster's ACTIVE and DRAINING container instances, described."""
    arns = fake.list_container_instances(ListContainerInstancesRequest(cluster=name)).container_instance_arns or ()
    if not arns:
        return []
    found = fake.describe_container_instances(DescribeContainerInstancesRequest(cluster=name, container_instances=arns))
    return list(found.container_instances or ())


def strategy(*items: tuple[str, int, int]) -> list[dict[str, Any]]:
    """A capacity provider strategy from (provider, weight, base) triples."""
    return [{"capacityProvider": p, "weight": w, "base": b} for p, w, b in items]


def big(fake: FakeBackend, family: str = "big", memory: int = 3000, **members: Any) -> str:
    """A task definition whose task takes ``memory`` MiB (m5.large registers 7984: two fit on one)."""
    return taskdef(fake, family, container(memoryReservation=memory), **members)


@pytest.fixture
def fake() -> FakeBackend:
    """A fake with cluster ``web`` and a group of one m5.large (max 4) behind provider ``cp``, not yet associated."""
    backend = FakeBackend()
    group = backend.declare_auto_scaling_group(
        "asg-web", instance_type="m5.large", availability_zones=ZONES, desired_capacity=1, max_size=4
    )
    provider(backend, "cp", group, instanceWarmupPeriod=60)
    cluster(backend)
    return backend


# ---------------------------------------------------------------------------------------------------------------------
# Auto Scaling groups


def test_declaring_checks_its_arguments() -> None:
    fake = FakeBackend()
    arn = fake.declare_auto_scaling_group("asg", instance_type="c5.xlarge", availability_zones=ZONES)
    assert arn.startswith("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:")
    assert arn.endswith(":autoScalingGroupName/asg")
    with pytest.raises(ValueError, match="already declared"):
        fake.declare_auto_scaling_group("asg", instance_type="c5.xlarge", availability_zones=ZONES)
    with pytest.raises(ValueError, match=r"nearest known: m5\.large"):  # a type named in a call: a typo, likelier
        fake.declare_auto_scaling_group("other", instance_type="m5.larg", availability_zones=ZONES)
    assert fake.declare_auto_scaling_group("legacy", instance_type="m1.small", availability_zones=ZONES)
    with pytest.raises(ValueError, match="not in us-east-1"):
        fake.declare_auto_scaling_group("other", instance_type="m5.large", availability_zones=("eu-west-1a",))
    with pytest.raises(ValueError, match="min_size"):
        fake.declare_auto_scaling_group(
            "other", instance_type="m5.large", availability_zones=ZONES, desired_capacity=11
        )


def test_instances_register_when_the_provider_is_associated(fake: FakeBackend) -> None:
    assert instances(fake) == []
    associate(fake, "web", "cp")
    [joined] = instances(fake)
    assert joined.capacity_provider_name == "cp"
    assert {r.name: r.integer_value for r in joined.registered_resources or ()}["CPU"] == 2048  # m5.large
    attributes = {a.name: a.value for a in joined.attributes or ()}
    assert (attributes["ecs.instance-type"], attributes["ecs.availability-zone"]) == ("m5.large", "us-east-1a")


def test_a_group_declared_later_joins_at_once() -> None:
    fake = FakeBackend()
    cluster(fake)
    provider(fake, "cp", "asg-late")  # by name: the group is made up...
    associate(fake, "web", "cp")
    assert instances(fake) == []
    with pytest.raises(ValueError, match="already declared"):  # ...so declaring it now is too late
        fake.declare_auto_scaling_group("asg-late", instance_type="m5.large", availability_zones=ZONES)
    fake.declare_auto_scaling_group("asg-2", instance_type="m5.large", availability_zones=ZONES, desired_capacity=2)
    provider(fake, "cp-2", "asg-2")
    associate(fake, "web", "cp", "cp-2")
    assert sorted(i.capacity_provider_name or "" for i in instances(fake)) == ["cp-2", "cp-2"]


def test_made_up_groups_have_the_arn_given() -> None:
    fake = FakeBackend()
    arn = (
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b1c2d3e-4f50-4617-8293-000000000001"
        ":autoScalingGroupName/g"
    )
    provider(fake, "cp", arn)
    shown = fake.describe_capacity_providers(DescribeCapacityProvidersRequest(capacity_providers=("cp",)))
    asg = (shown.capacity_providers or ())[0].auto_scaling_group_provider
    assert asg is not None
    assert asg.auto_scaling_group_arn == arn
    with pytest.raises(InvalidRequestError, match="is not in account 123456789012 and Region us-east-1"):
        provider(fake, "cp-eu", arn.replace("us-east-1", "eu-west-1"))


# ---------------------------------------------------------------------------------------------------------------------
# Capacity providers


def test_termination_protection_needs_managed_scaling() -> None:
    fake = FakeBackend()
    doc = {
        "name": "cp",
        "autoScalingGroupProvider": {"autoScalingGroupArn": "g", "managedTerminationProtection": "ENABLED"},
    }
    with pytest.raises(InvalidRequestError, match="managed scaling") as info:
        fake.create_capacity_provider(from_api(doc, CreateCapacityProviderRequest))
    assert info.value.code == "ClientException"
    provider(fake, "cp", "g", targetCapacity=100)
    update = {"name": "cp", "autoScalingGroupProvider": {"managedScaling": {"status": "DISABLED"}}}
    fake.update_capacity_provider(from_api(update, UpdateCapacityProviderRequest))
    protect = {"name": "cp", "autoScalingGroupProvider": {"managedTerminationProtection": "ENABLED"}}
    with pytest.raises(InvalidRequestError, match="managed scaling"):
        fake.update_capacity_provider(from_api(protect, UpdateCapacityProviderRequest))


def test_validation_errors_are_aws_errors() -> None:
    fake = FakeBackend()
    bad = {
        "name": "cp",
        "autoScalingGroupProvider": {"autoScalingGroupArn": "g", "managedScaling": {"targetCapacity": 0}},
    }
    with pytest.raises(InvalidRequestError, match="targetCapacity 0") as info:
        fake.create_capacity_provider(from_api(bad, CreateCapacityProviderRequest))
    assert info.value.code == "InvalidParameterException"
    with pytest.raises(InvalidRequestError, match="cannot be prefixed") as info:
        provider(fake, "FargateLike", "g")
    assert info.value.code == "ClientException"


def test_delete_frees_the_group_and_the_name(fake: FakeBackend) -> None:
    associate(fake, "web", "cp")
    answer = fake.delete_capacity_provider(DeleteCapacityProviderRequest(capacity_provider="cp")).capacity_provider
    assert answer is not None
    assert (str(answer.status), str(answer.update_status)) == ("ACTIVE", "DELETE_FAILED")
    associate(fake, "web")
    answer = fake.delete_capacity_provider(DeleteCapacityProviderRequest(capacity_provider="cp")).capacity_provider
    assert answer is not None
    assert (str(answer.status), str(answer.update_status)) == ("INACTIVE", "DELETE_COMPLETE")
    listed = fake.describe_capacity_providers(DescribeCapacityProvidersRequest()).capacity_providers or ()
    assert [p.name for p in listed] == ["FARGATE", "FARGATE_SPOT"]
    provider(fake, "cp", "asg-web")  # the name and the group are free again
    again = fake.describe_capacity_providers(DescribeCapacityProvidersRequest(capacity_providers=("cp",)))
    assert str((again.capacity_providers or ())[0].status) == "ACTIVE"


def test_describe_pages_and_filters_by_cluster(fake: FakeBackend) -> None:
    for n in range(12):
        provider(fake, f"cp-{n:02}", f"asg-{n:02}")
    associate(fake, "web", "cp-03", "FARGATE")
    first = fake.describe_capacity_providers(DescribeCapacityProvidersRequest())
    assert len(first.capacity_providers or ()) == 10
    rest = fake.describe_capacity_providers(DescribeCapacityProvidersRequest(next_token=first.next_token))
    assert rest.next_token is None
    assert len(first.capacity_providers or ()) + len(rest.capacity_providers or ()) == 2 + 13
    mine = fake.describe_capacity_providers(DescribeCapacityProvidersRequest(cluster="web")).capacity_providers or ()
    assert [p.name for p in mine] == ["FARGATE", "cp-03"]


def test_a_provider_in_use_cannot_be_removed(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    [task] = run(fake, cluster="web", taskDefinition=big(fake)).tasks or ()
    with pytest.raises(ConflictError) as info:
        associate(fake, "web")
    assert info.value.code == "ResourceInUseException"
    fake.stop_task(StopTaskRequest(cluster="web", task=task.task_arn or ""))
    fake.advance(60)
    associate(fake, "web")


# ---------------------------------------------------------------------------------------------------------------------
# Tasks on a provider's instances


def test_tasks_go_only_to_their_providers_instances(fake: FakeBackend) -> None:
    associate(fake, "web", "cp")
    register(fake, "web", 99)  # an instance of no provider
    ours = {i.container_instance_arn for i in instances(fake) if i.capacity_provider_name == "cp"}
    response = run(
        fake,
        cluster="web",
        taskDefinition=big(fake, memory=1000),
        count=6,
        capacityProviderStrategy=strategy(("cp", 1, 0)),
    )
    assert response.failures == ()
    tasks = response.tasks or ()
    assert {t.container_instance_arn for t in tasks} == ours
    assert {(t.capacity_provider_name, str(t.launch_type)) for t in tasks} == {("cp", "EC2")}
    plain = run(fake, cluster="web", taskDefinition=big(fake, memory=1000), launchType="EC2").tasks or ()
    assert [t.capacity_provider_name for t in plain] == [None]


def test_without_managed_scaling_tasks_fail_placement() -> None:
    fake = FakeBackend()
    group = fake.declare_auto_scaling_group(
        "asg", instance_type="m5.large", availability_zones=ZONES, desired_capacity=1
    )
    provider(fake, "cp", group)
    empty = fake.declare_auto_scaling_group("asg-empty", instance_type="m5.large", availability_zones=ZONES)
    provider(fake, "cp-empty", empty)
    cluster(fake)
    associate(fake, "web", "cp", "cp-empty")
    response = run(
        fake, cluster="web", taskDefinition=big(fake), count=3, capacityProviderStrategy=strategy(("cp", 1, 0))
    )
    assert [t.last_status for t in response.tasks or ()] == ["PENDING", "PENDING"]
    assert [f.reason for f in response.failures or ()] == ["RESOURCE:MEMORY"]
    with pytest.raises(InvalidRequestError, match="No Container Instances"):
        run(fake, cluster="web", taskDefinition=big(fake), capacityProviderStrategy=strategy(("cp-empty", 1, 0)))


def test_a_strategy_of_groups_splits_by_base_and_weight() -> None:
    fake = FakeBackend()
    for name in ("a", "b"):
        group = fake.declare_auto_scaling_group(
            f"asg-{name}", instance_type="m5.xlarge", availability_zones=ZONES, desired_capacity=2
        )
        provider(fake, f"cp-{name}", group)
    cluster(fake)
    associate(fake, "web", "cp-a", "cp-b")
    tasks = (
        run(
            fake,
            cluster="web",
            taskDefinition=big(fake, memory=500),
            count=8,
            capacityProviderStrategy=strategy(("cp-a", 1, 2), ("cp-b", 3, 0)),
        ).tasks
        or ()
    )
    # 2 for the base of cp-a, then the other 6 by weight 1:3 (shares 1.5 and 4.5: 1 and 5)
    assert sorted(t.capacity_provider_name or "" for t in tasks) == ["cp-a"] * 3 + ["cp-b"] * 5
    by_instance = {i.container_instance_arn: i.capacity_provider_name for i in instances(fake)}
    assert all(by_instance[t.container_instance_arn] == t.capacity_provider_name for t in tasks)


def test_the_cluster_default_strategy_applies(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    [task] = run(fake, cluster="web", taskDefinition=big(fake)).tasks or ()
    assert task.capacity_provider_name == "cp"


def test_fargate_and_groups_do_not_mix(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", "FARGATE")
    with pytest.raises(InvalidRequestError, match="cannot contain a mix") as info:
        run(
            fake,
            cluster="web",
            taskDefinition=big(fake),
            capacityProviderStrategy=strategy(("cp", 1, 0), ("FARGATE", 1, 0)),
        )
    assert info.value.code == "InvalidParameterException"


# ---------------------------------------------------------------------------------------------------------------------
# Managed scaling over virtual time


def _statuses(fake: FakeBackend, tasks: tuple[Task, ...] | None) -> list[str]:
    return [t.last_status or "" for t in describe(fake, "web", *(t.task_arn for t in tasks or ()))]


def test_tasks_wait_while_the_group_scales_out(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    response = run(fake, cluster="web", taskDefinition=big(fake), count=5)
    assert response.failures == ()
    tasks = response.tasks or ()
    assert [t.last_status for t in tasks] == ["PENDING", "PENDING", "PROVISIONING", "PROVISIONING", "PROVISIONING"]
    assert [t.container_instance_arn is None for t in tasks] == [False, False, True, True, True]
    assert all(t.capacity_provider_name == "cp" for t in tasks)
    fake.advance(59)  # the new instances warm up for 60 s
    assert len(instances(fake)) == 1
    assert _statuses(fake, tasks)[2:] == ["PROVISIONING"] * 3
    fake.advance(1)
    joined = instances(fake)
    assert len(joined) == 3  # 3 waiting tasks of 3000 MiB need 2 more m5.large
    assert {i.capacity_provider_name for i in joined} == {"cp"}
    assert [i.attributes and {a.name: a.value for a in i.attributes}["ecs.availability-zone"] for i in joined] == [
        "us-east-1a",
        "us-east-1b",
        "us-east-1a",
    ]
    fake.advance(30)
    assert _statuses(fake, tasks) == ["RUNNING"] * 5
    # placed late, a waiting task shows its instance's CPU architecture as one placed at once does
    shown = describe(fake, "web", *(t.task_arn for t in tasks))
    assert [t.attributes for t in tasks] == [shown[0].attributes] * 2 + [()] * 3
    assert {a.value for t in shown for a in t.attributes or ()} == {"x86_64"}
    assert all(t.attributes for t in shown)


def test_scale_out_stops_at_the_group_max_size(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    tasks = run(fake, cluster="web", taskDefinition=big(fake, memory=7000), count=6).tasks or ()
    fake.advance(3600)
    assert len(instances(fake)) == 4  # max_size
    assert sorted(_statuses(fake, tasks)) == ["PROVISIONING"] * 2 + ["RUNNING"] * 4


def test_step_sizes_and_target_capacity() -> None:
    fake = FakeBackend()
    group = fake.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=ZONES, max_size=20)
    provider(fake, "cp", group, instanceWarmupPeriod=0, minimumScalingStepSize=3, targetCapacity=50)
    cluster(fake)
    associate(fake, "web", "cp", default="cp")
    run(fake, cluster="web", taskDefinition=big(fake))
    fake.advance(0)
    # one instance needed; at 50 % target two; but at least the minimum step of three
    assert len(instances(fake)) == 3
    group2 = fake.declare_auto_scaling_group("asg-2", instance_type="m5.large", availability_zones=ZONES, max_size=20)
    provider(fake, "cp-2", group2, instanceWarmupPeriod=0, maximumScalingStepSize=2)
    associate(fake, "web", "cp", "cp-2")
    run(
        fake,
        cluster="web",
        taskDefinition=big(fake, memory=7000),
        count=5,
        capacityProviderStrategy=strategy(("cp-2", 1, 0)),
    )
    fake.advance(0)
    assert sum(i.capacity_provider_name == "cp-2" for i in instances(fake)) == 2  # at most 2 at a time
    fake.advance(provisioning_module.RETRY_SECONDS)
    assert sum(i.capacity_provider_name == "cp-2" for i in instances(fake)) == 4
    fake.advance(provisioning_module.RETRY_SECONDS)
    assert sum(i.capacity_provider_name == "cp-2" for i in instances(fake)) == 5


def test_a_waiting_task_can_be_stopped(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    tasks = run(fake, cluster="web", taskDefinition=big(fake, memory=7000), count=2).tasks or ()
    waiting = tasks[1]
    assert waiting.last_status == "PROVISIONING"
    fake.stop_task(StopTaskRequest(cluster="web", task=waiting.task_arn or ""))
    fake.advance(120)
    [stopped] = describe(fake, "web", waiting.task_arn)
    assert (stopped.last_status, stopped.container_instance_arn) == ("STOPPED", None)
    [shown] = fake.describe_clusters(DescribeClustersRequest(clusters=("web",))).clusters or ()
    assert (shown.running_tasks_count, shown.pending_tasks_count) == (1, 0)
    # the instance launched for it came up, and nothing went to it
    assert sorted(i.running_tasks_count or 0 for i in instances(fake)) == [0, 1]


def test_an_awsvpc_task_gets_its_eni_once_placed(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    td = big(fake, memory=7000, networkMode="awsvpc")
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]}}
    tasks = run(fake, cluster="web", taskDefinition=td, count=2, networkConfiguration=network).tasks or ()
    assert tasks[1].attachments == ()
    fake.advance(60)
    [placed] = describe(fake, "web", tasks[1].task_arn)
    assert placed.availability_zone == "us-east-1b"  # the second instance's zone
    assert detail(placed, "subnetId") is not None
    fake.advance(30)
    [running] = describe(fake, "web", tasks[1].task_arn)
    assert running.last_status == "RUNNING"
    assert detail(running, "privateIPv4Address") is not None


@pytest.mark.parametrize(("trunking", "launched"), [("disabled", 4), ("enabled", 1)])
def test_scale_out_counts_the_trunk(trunking: str, launched: int) -> None:
    # an m5.large takes 2 awsvpc tasks, or 10 with awsvpcTrunking (ECS's ENI trunking table)
    fake = FakeBackend()
    fake.put_account_setting_default(PutAccountSettingDefaultRequest(name=SettingName.AWSVPC_TRUNKING, value=trunking))
    group = fake.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=ZONES, max_size=4)
    provider(fake, "cp", group, instanceWarmupPeriod=0)
    cluster(fake)
    associate(fake, "web", "cp", default="cp")
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}
    td = big(fake, memory=500, networkMode="awsvpc")
    tasks = run(fake, cluster="web", taskDefinition=td, count=8, networkConfiguration=network).tasks or ()
    fake.advance(0)
    assert len(instances(fake)) == launched
    fake.advance(60)
    assert _statuses(fake, tasks) == ["RUNNING"] * 8


def test_the_provisioning_quota(fake: FakeBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provisioning_module, "MAX_PROVISIONING", 3)
    associate(fake, "web", "cp", default="cp")
    td = big(fake, memory=7000)
    run(fake, cluster="web", taskDefinition=td, count=3)  # one placed, two waiting
    with pytest.raises(InvalidRequestError, match="quota of tasks in the PROVISIONING") as info:
        run(fake, cluster="web", taskDefinition=td, count=2)
    assert info.value.code == "ClientException"
    run(fake, cluster="web", taskDefinition=td)  # a third one may still wait


def test_save_and_restore_keep_providers_groups_and_waiting_tasks(fake: FakeBackend) -> None:
    associate(fake, "web", "cp", default="cp")
    tasks = run(fake, cluster="web", taskDefinition=big(fake), count=5).tasks or ()
    fake.advance(10)
    text = fake.save()
    again = FakeBackend.restore(text)
    assert again.save() == text
    for one in (fake, again):
        one.advance(120)
    assert again.save() == fake.save()
    assert _statuses(again, tasks) == ["RUNNING"] * 5


# ---------------------------------------------------------------------------------------------------------------------
# Properties


items = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=1, max_size=4).filter(
    lambda xs: any(w for w, _ in xs) and sum(1 for _, b in xs if b) <= 1
)


@given(items, st.integers(1, 40))
def test_split_follows_base_then_weights(raw: list[tuple[int, int]], count: int) -> None:
    strategy_ = [
        CapacityProviderStrategyItem(capacity_provider=f"p{n}", weight=w, base=b) for n, (w, b) in enumerate(raw)
    ]
    chosen = split(strategy_, count)
    assert len(chosen) == count
    based = next((i for i in strategy_ if i.base), None)
    first = min(based.base or 0, count) if based is not None else 0
    if based is not None:
        assert chosen[:first] == [based.capacity_provider] * first
    rest = chosen[first:]
    total = sum(i.weight or 0 for i in strategy_)
    for item in strategy_:
        share = len(rest) * (item.weight or 0) / total
        # beyond the base, no provider falls a whole task short of its share; weight 0 gets nothing
        assert rest.count(item.capacity_provider) >= math.floor(share)
        if not item.weight:
            assert item.capacity_provider not in rest


@given(st.lists(st.integers(200, 7900), min_size=1, max_size=8), st.integers(1, 6))
def test_managed_scaling_places_what_fits_and_never_overcommits(sizes: list[int], max_size: int) -> None:
    fake = FakeBackend()
    group = fake.declare_auto_scaling_group(
        "asg", instance_type="m5.large", availability_zones=ZONES, max_size=max_size
    )
    provider(fake, "cp", group, instanceWarmupPeriod=30)
    cluster(fake)
    associate(fake, "web", "cp", default="cp")
    tasks: list[Task] = []
    for n, size in enumerate(sizes):
        tasks += run(fake, cluster="web", taskDefinition=big(fake, f"t{n}", memory=size)).tasks or ()
    fake.advance(600)
    joined = instances(fake)
    assert len(joined) <= max_size
    for instance in joined:
        remaining = {r.name: r.integer_value for r in instance.remaining_resources or ()}
        assert (remaining["MEMORY"] or 0) >= 0
    shown = describe(fake, "web", *(t.task_arn for t in tasks))
    placed = [t for t in shown if t.container_instance_arn is not None]
    assert all(t.last_status == "RUNNING" for t in placed)
    assert all(t.last_status == "PROVISIONING" for t in shown if t.container_instance_arn is None)
    if len(joined) < max_size:  # the group could still grow: every task was placed
        assert len(placed) == len(shown)
