"""Cases for ecskit/validation/rules/clusters.py (CreateCluster)."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import Case, Doc


def cluster(**members: Any) -> Doc:
    """A clean CreateCluster request."""
    return {"clusterName": "main", **members}


def exec_configuration(**members: Any) -> Doc:
    """A cluster configuration with an ECS Exec configuration."""
    return {"executeCommandConfiguration": members}


CASES = [
    Case(
        rule="cluster-name",
        kind="cluster",
        bad=cluster(clusterName="main cluster"),
        good=cluster(clusterName="main_cluster-2"),
        path="clusterName",
    ),
    Case(
        rule="cluster-settings",
        kind="cluster",
        bad=cluster(settings=[{"name": "containerInsights", "value": "on"}]),
        good=cluster(settings=[{"name": "containerInsights", "value": "enhanced"}]),
        path="settings[0].value",
    ),
    Case(
        rule="cluster-exec-logging",
        kind="cluster",
        bad=cluster(configuration=exec_configuration(logging="OVERRIDE")),
        good=cluster(
            configuration=exec_configuration(
                logging="OVERRIDE", logConfiguration={"cloudWatchLogGroupName": "/ecs/exec"}
            )
        ),
        path="configuration.executeCommandConfiguration.logConfiguration",
    ),
    Case(
        rule="cluster-exec-logging",
        name="no-target",
        kind="cluster",
        bad=cluster(configuration=exec_configuration(logging="OVERRIDE", logConfiguration={"s3KeyPrefix": "exec/"})),
        good=cluster(configuration=exec_configuration(logging="DEFAULT")),
    ),
    Case(
        rule="cluster-default-strategy-providers",
        kind="cluster",
        bad=cluster(
            capacityProviders=["FARGATE"],
            defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        ),
        good=cluster(
            capacityProviders=["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        ),
        path="defaultCapacityProviderStrategy[0].capacityProvider",
    ),
    Case(
        rule="cluster-max-providers",
        kind="cluster",
        bad=cluster(capacityProviders=[f"cp-{i}" for i in range(21)]),
        good=cluster(capacityProviders=[f"cp-{i}" for i in range(20)]),
        path="capacityProviders",
    ),
    Case(
        rule="tag-cluster",
        kind="cluster",
        bad=cluster(tags=[{"key": "team", "value": "a"}, {"key": "team", "value": "b"}]),
        good=cluster(tags=[{"key": "team", "value": "a"}, {"key": "Team", "value": "b"}]),
        path="tags[1].key",
    ),
    Case(
        rule="tag-cluster",
        name="characters",
        kind="cluster",
        bad=cluster(tags=[{"key": "cost-center", "value": "R&D"}]),
        good=cluster(tags=[{"key": "cost-center", "value": "R+D / ops@example.com"}]),
        path="tags[0].value",
    ),
    Case(
        rule="tag-cluster",
        name="count",
        kind="cluster",
        bad=cluster(tags=[{"key": f"k{i}", "value": "v"} for i in range(51)]),
        good=cluster(tags=[{"key": f"k{i}", "value": "v"} for i in range(50)]),
        path="tags",
    ),
    Case(
        rule="tag-cluster",
        name="length",
        kind="cluster",
        bad=cluster(tags=[{"key": "k" * 129, "value": "v" * 256}]),
        good=cluster(tags=[{"key": "k" * 128, "value": "v" * 256}]),
        path="tags[0].key",
    ),
]
