"""Contract: capacity providers (Auto Scaling group ones, and the built-in Fargate ones) behave the same on every
backend.

An Auto Scaling group ARN of the documentation's account is enough here: the fake makes the group up on first use and
moto does not look it up. On real AWS these tests would need groups of their own, so they do not run there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import (
    CapacityProvider,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    DeleteCapacityProviderRequest,
    DeleteClusterRequest,
    DescribeCapacityProvidersRequest,
    PutClusterCapacityProvidersRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    UpdateCapacityProviderRequest,
)
from tests.contract.conftest import moto_differs

_GROUP_IDS = itertools.count(1)


@pytest.fixture(autouse=True)
def _not_on_aws(request: pytest.FixtureRequest) -> None:
    if request.node.callspec.params.get("backend") == "aws":
        pytest.skip("needs Auto Scaling groups of its own on real AWS")


def group_arn(name: str) -> str:
    """A well-formed Auto Scaling group ARN (a new group id each time)."""
    n = next(_GROUP_IDS)
    return (
        f"arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b1c2d3e-4f50-4617-8293-{n:012x}"
        f":autoScalingGroupName/{name}"
    )


def create(backend: Backend, name: str, group: str | None = None, **members: object) -> CapacityProvider:
    """CreateCapacityProvider with wire members for the autoScalingGroupProvider."""
    doc = {"name": name, "autoScalingGroupProvider": {"autoScalingGroupArn": group or group_arn(name), **members}}
    provider = backend.create_capacity_provider(from_api(doc, CreateCapacityProviderRequest)).capacity_provider
    assert provider is not None
    return provider


@pytest.fixture
def cluster(backend: Backend) -> Iterator[str]:
    """A cluster for the test (deleted after it)."""
    backend.create_cluster(CreateClusterRequest(cluster_name="contract-cp"))
    yield "contract-cp"
    backend.put_cluster_capacity_providers(
        PutClusterCapacityProvidersRequest(
            cluster="contract-cp", capacity_providers=(), default_capacity_provider_strategy=()
        )
    )
    backend.delete_cluster(DeleteClusterRequest(cluster="contract-cp"))


def test_create_shows_the_defaults(backend: Backend) -> None:
    provider = create(backend, "cp-defaults")
    assert provider.name == "cp-defaults"
    assert str(provider.status) == "ACTIVE"
    assert (provider.capacity_provider_arn or "").endswith(":capacity-provider/cp-defaults")
    asg = provider.auto_scaling_group_provider
    assert asg is not None
    assert asg.auto_scaling_group_arn.endswith("autoScalingGroupName/cp-defaults")
    assert str(asg.managed_termination_protection) == "DISABLED"
    scaling = asg.managed_scaling
    assert scaling is not None
    assert (str(scaling.status), scaling.target_capacity) == ("DISABLED", 100)
    assert (scaling.minimum_scaling_step_size, scaling.maximum_scaling_step_size) == (1, 10_000)
    assert scaling.instance_warmup_period == 300


def test_managed_draining_defaults_to_enabled(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS turns managed draining on unless told otherwise; moto leaves managedDraining out")
    provider = create(backend, "cp-draining")
    assert provider.auto_scaling_group_provider is not None
    assert str(provider.auto_scaling_group_provider.managed_draining) == "ENABLED"


def test_describe_by_name_and_arn(backend: Backend) -> None:
    created = create(backend, "cp-described", managedScaling={"status": "ENABLED", "targetCapacity": 90})
    for ref in ("cp-described", created.capacity_provider_arn or ""):
        found = backend.describe_capacity_providers(DescribeCapacityProvidersRequest(capacity_providers=(ref,)))
        assert [p.name for p in found.capacity_providers or ()] == ["cp-described"]
        provider = (found.capacity_providers or ())[0]
        assert provider.auto_scaling_group_provider is not None
        scaling = provider.auto_scaling_group_provider.managed_scaling
        assert scaling is not None
        assert (str(scaling.status), scaling.target_capacity) == ("ENABLED", 90)


def test_describe_unknown_is_a_failure(backend: Backend) -> None:
    found = backend.describe_capacity_providers(DescribeCapacityProvidersRequest(capacity_providers=("cp-none",)))
    assert found.capacity_providers == ()
    assert [f.reason for f in found.failures or ()] == ["MISSING"]


def test_describe_lists_the_fargate_providers(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS lists FARGATE and FARGATE_SPOT with the account's providers; moto fails with a server error"
    )
    create(backend, "cp-listed")
    names = [
        p.name for p in backend.describe_capacity_providers(DescribeCapacityProvidersRequest()).capacity_providers or ()
    ]
    assert {"FARGATE", "FARGATE_SPOT", "cp-listed"} <= set(names)


def test_tags_only_when_asked_for(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS shows a capacity provider's tags only with include=TAGS; moto always shows them")
    doc = {
        "name": "cp-tagged",
        "autoScalingGroupProvider": {"autoScalingGroupArn": group_arn("cp-tagged")},
        "tags": [{"key": "team", "value": "web"}],
    }
    backend.create_capacity_provider(from_api(doc, CreateCapacityProviderRequest))
    plain = backend.describe_capacity_providers(DescribeCapacityProvidersRequest(capacity_providers=("cp-tagged",)))
    tagged = backend.describe_capacity_providers(
        from_api({"capacityProviders": ["cp-tagged"], "include": ["TAGS"]}, DescribeCapacityProvidersRequest)
    )
    assert not (plain.capacity_providers or ())[0].tags
    assert [(t.key, t.value) for t in (tagged.capacity_providers or ())[0].tags or ()] == [("team", "web")]


def test_a_name_in_use_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses a second provider of the same name (ClientException); moto replaces the first")
    create(backend, "cp-twice")
    with pytest.raises(InvalidRequestError) as info:
        create(backend, "cp-twice")
    assert info.value.code == "ClientException"


def test_a_reserved_prefix_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses names starting with aws, ecs or fargate (ClientException); moto accepts them")
    with pytest.raises(InvalidRequestError) as info:
        create(backend, "ecs-web")
    assert info.value.code == "ClientException"


def test_a_group_backs_one_provider(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS refuses a second provider on the same Auto Scaling group (ClientException); moto accepts"
    )
    group = group_arn("shared")
    create(backend, "cp-first", group)
    with pytest.raises(InvalidRequestError) as info:
        create(backend, "cp-second", group)
    assert info.value.code == "ClientException"


def test_update_merges_managed_scaling(backend: Backend) -> None:
    create(backend, "cp-updated", managedScaling={"status": "ENABLED", "instanceWarmupPeriod": 120})
    doc = {"name": "cp-updated", "autoScalingGroupProvider": {"managedScaling": {"targetCapacity": 75}}}
    updated = backend.update_capacity_provider(from_api(doc, UpdateCapacityProviderRequest)).capacity_provider
    assert updated is not None
    assert str(updated.update_status) == "UPDATE_COMPLETE"
    assert updated.auto_scaling_group_provider is not None
    scaling = updated.auto_scaling_group_provider.managed_scaling
    assert scaling is not None
    assert (str(scaling.status), scaling.target_capacity, scaling.instance_warmup_period) == ("ENABLED", 75, 120)


def test_delete_makes_it_inactive(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS answers a deletion with status INACTIVE (DELETE_COMPLETE); moto answers ACTIVE")
    create(backend, "cp-deleted")
    deleted = backend.delete_capacity_provider(DeleteCapacityProviderRequest(capacity_provider="cp-deleted"))
    assert deleted.capacity_provider is not None
    assert str(deleted.capacity_provider.status) == "INACTIVE"
    assert str(deleted.capacity_provider.update_status) == "DELETE_COMPLETE"


def test_fargate_providers_cannot_be_deleted(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses to delete FARGATE (ClientException); moto fails with a server error")
    with pytest.raises(InvalidRequestError) as info:
        backend.delete_capacity_provider(DeleteCapacityProviderRequest(capacity_provider="FARGATE"))
    assert info.value.code == "ClientException"


def test_cluster_takes_an_auto_scaling_group_provider(backend: Backend, cluster: str) -> None:
    create(backend, "cp-associated")
    request = from_api(
        {
            "cluster": cluster,
            "capacityProviders": ["cp-associated", "FARGATE"],
            "defaultCapacityProviderStrategy": [{"capacityProvider": "cp-associated", "weight": 1}],
        },
        PutClusterCapacityProvidersRequest,
    )
    shown = backend.put_cluster_capacity_providers(request).cluster
    assert shown is not None
    assert list(shown.capacity_providers or ()) == ["cp-associated", "FARGATE"]
    assert [i.capacity_provider for i in shown.default_capacity_provider_strategy or ()] == ["cp-associated"]


def test_an_associated_provider_is_not_deleted(backend: Backend, cluster: str, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request, "AWS keeps a provider associated with a cluster (updateStatus DELETE_FAILED); moto deletes it"
    )
    create(backend, "cp-kept")
    backend.put_cluster_capacity_providers(
        PutClusterCapacityProvidersRequest(
            cluster=cluster, capacity_providers=("cp-kept",), default_capacity_provider_strategy=()
        )
    )
    answer = backend.delete_capacity_provider(DeleteCapacityProviderRequest(capacity_provider="cp-kept"))
    assert answer.capacity_provider is not None
    assert str(answer.capacity_provider.status) == "ACTIVE"
    assert str(answer.capacity_provider.update_status) == "DELETE_FAILED"
    assert cluster in (answer.capacity_provider.update_status_reason or "")


def test_a_provider_joins_one_cluster(backend: Backend, cluster: str, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS associates a capacity provider with one cluster only; moto lets any cluster list it")
    create(backend, "cp-single")
    backend.put_cluster_capacity_providers(
        PutClusterCapacityProvidersRequest(
            cluster=cluster, capacity_providers=("cp-single",), default_capacity_provider_strategy=()
        )
    )
    with pytest.raises(InvalidRequestError) as info:
        backend.create_cluster(
            CreateClusterRequest(cluster_name="contract-cp-other", capacity_providers=("cp-single",))
        )
    assert info.value.code == "InvalidParameterException"


def test_a_strategy_does_not_mix_fargate_and_groups(
    backend: Backend, cluster: str, request: pytest.FixtureRequest
) -> None:
    moto_differs(
        request, "AWS refuses a strategy of FARGATE and an Auto Scaling group provider; moto fails with a server error"
    )
    create(backend, "cp-mixed")
    backend.put_cluster_capacity_providers(
        PutClusterCapacityProvidersRequest(
            cluster=cluster, capacity_providers=("cp-mixed", "FARGATE"), default_capacity_provider_strategy=()
        )
    )
    backend.register_task_definition(
        from_api(
            {"family": "contract-cp", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}]},
            RegisterTaskDefinitionRequest,
        )
    )
    strategy = [{"capacityProvider": "cp-mixed", "weight": 1}, {"capacityProvider": "FARGATE", "weight": 1}]
    with pytest.raises(InvalidRequestError) as info:
        backend.run_task(
            from_api(
                {"cluster": cluster, "taskDefinition": "contract-cp", "capacityProviderStrategy": strategy},
                RunTaskRequest,
            )
        )
    assert info.value.code == "InvalidParameterException"
