"""Cluster builders: capacity providers, strategies and the order of the requests."""

from __future__ import annotations

import pytest

from ecskit.builders import cluster, spot_with_on_demand_base
from ecskit.errors import ValidationError
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    ManagedScalingStatus,
    ManagedTerminationProtection,
    PutClusterCapacityProvidersRequest,
)
from ecskit.validation import Report, validate_cluster

ASG = (
    "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
    "0123abcd-0123-4567-89ab-0123456789ab:autoScalingGroupName/{}"
)


def rules(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    report = exc.value.report
    assert isinstance(report, Report)
    return {f.rule for f in report.errors}


def items(strategy: tuple[CapacityProviderStrategyItem, ...]) -> list[tuple[str, int | None, int | None]]:
    return [(i.capacity_provider, i.base, i.weight) for i in strategy]


@pytest.mark.parametrize(
    ("kwargs", "want"),
    [
        ({}, [("FARGATE", 1, 1), ("FARGATE_SPOT", None, 3)]),
        ({"base": 2, "on_demand_weight": 0}, [("FARGATE", 2, 0), ("FARGATE_SPOT", None, 3)]),
        ({"base": 0, "on_demand_weight": 1}, [("FARGATE", None, 1), ("FARGATE_SPOT", None, 3)]),
        ({"base": 0, "on_demand_weight": 0}, [("FARGATE_SPOT", None, 3)]),
        ({"on_demand": "od", "spot": "spot"}, [("od", 1, 1), ("spot", None, 3)]),
    ],
)
def test_spot_with_on_demand_base(kwargs: dict[str, int | str], want: list[tuple[str, int | None, int]]) -> None:
    strategy = spot_with_on_demand_base(**kwargs)  # type: ignore[arg-type]
    assert items(strategy) == want
    # Never a provider that gets nothing, never two bases: the strategy rules find nothing to say.
    put = PutClusterCapacityProvidersRequest(
        cluster="c",
        capacity_providers=tuple(i.capacity_provider for i in strategy),
        default_capacity_provider_strategy=strategy,
    )
    assert not validate_cluster(put).findings


def test_fargate_cluster_plan() -> None:
    plan = cluster("prod").fargate().default_strategy(*spot_with_on_demand_base()).container_insights().build()
    assert plan.create_cluster.cluster_name == "prod"
    assert plan.create_cluster.settings is not None
    assert plan.create_cluster.settings[0].value == "enabled"
    assert plan.capacity_providers == ()
    put = plan.put_capacity_providers
    assert put is not None
    assert put.capacity_providers == ("FARGATE", "FARGATE_SPOT")
    assert [type(r) for r in plan.requests()] == [CreateClusterRequest, PutClusterCapacityProvidersRequest]


def test_asg_providers_are_created_between_cluster_and_association() -> None:
    plan = (
        cluster("prod")
        .asg_capacity_provider("on-demand", ASG.format("od"), target_capacity=90, managed_termination_protection=True)
        .asg_capacity_provider("spot", ASG.format("spot"), managed_scaling=False)
        .default_strategy(*spot_with_on_demand_base(on_demand="on-demand", spot="spot"))
        .tags({"env": "prod"})
        .build()
    )
    assert [type(r) for r in plan.requests()] == [
        CreateClusterRequest,
        CreateCapacityProviderRequest,
        CreateCapacityProviderRequest,
        PutClusterCapacityProvidersRequest,
    ]
    od, spot = plan.capacity_providers
    assert od.auto_scaling_group_provider is not None
    scaling = od.auto_scaling_group_provider.managed_scaling
    assert scaling is not None
    assert (scaling.status, scaling.target_capacity) == (ManagedScalingStatus.ENABLED, 90)
    assert od.auto_scaling_group_provider.managed_termination_protection is ManagedTerminationProtection.ENABLED
    assert spot.auto_scaling_group_provider is not None
    assert spot.auto_scaling_group_provider.managed_scaling is not None
    assert spot.auto_scaling_group_provider.managed_scaling.status is ManagedScalingStatus.DISABLED
    assert plan.put_capacity_providers is not None
    assert plan.put_capacity_providers.capacity_providers == ("on-demand", "spot")


def test_default_strategy_associates_its_providers() -> None:
    plan = cluster("prod").default_strategy(CapacityProviderStrategyItem(capacity_provider="FARGATE")).build()
    assert plan.put_capacity_providers is not None
    assert plan.put_capacity_providers.capacity_providers == ("FARGATE",)


def test_cluster_without_providers_has_one_request() -> None:
    plan = cluster("plain").build()
    assert plan.requests() == (CreateClusterRequest(cluster_name="plain"),)


def test_mixing_fargate_and_asg_in_one_strategy_fails() -> None:
    builder = (
        cluster("prod")
        .fargate()
        .asg_capacity_provider("od", ASG.format("od"))
        .default_strategy(*spot_with_on_demand_base(on_demand="od", spot="FARGATE_SPOT"))
    )
    with pytest.raises(ValidationError) as exc:
        builder.build()
    assert "cps-no-mix" in rules(exc)


@pytest.mark.parametrize(
    ("builder_name", "rule"),
    [("bad name!", "cluster-name"), ("fargate-x", "cp-name"), ("ok", "cp-managed-scaling")],
)
def test_bad_cluster_and_provider_fail(builder_name: str, rule: str) -> None:
    if rule == "cluster-name":
        builder = cluster(builder_name)
    elif rule == "cp-name":
        builder = cluster("prod").asg_capacity_provider(builder_name, ASG.format("x"))
    else:
        builder = cluster("prod").asg_capacity_provider(builder_name, ASG.format("x"), target_capacity=0)
    with pytest.raises(ValidationError) as exc:
        builder.build()
    assert rule in rules(exc)
    assert rule in builder.validate().rule_ids()


def test_container_insights_replaces_the_setting() -> None:
    request = cluster("prod").container_insights().container_insights("enhanced").draft().create_cluster
    assert [(s.name, s.value) for s in request.settings or ()] == [("containerInsights", "enhanced")]
