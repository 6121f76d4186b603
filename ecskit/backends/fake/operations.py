"""The fake's operation table: botocore operation name -> the function that serves it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecskit.backends.fake import clusters, tags, task_definitions
from ecskit.backends.fake.env import Env

__all__ = ["ECS_OPERATIONS"]

Handler = Callable[[Env, Any], Any]

ECS_OPERATIONS: dict[str, Handler] = {
    "CreateCluster": clusters.create_cluster,
    "DescribeClusters": clusters.describe_clusters,
    "ListClusters": clusters.list_clusters,
    "UpdateCluster": clusters.update_cluster,
    "DeleteCluster": clusters.delete_cluster,
    "PutClusterCapacityProviders": clusters.put_cluster_capacity_providers,
    "RegisterTaskDefinition": task_definitions.register_task_definition,
    "DescribeTaskDefinition": task_definitions.describe_task_definition,
    "ListTaskDefinitions": task_definitions.list_task_definitions,
    "ListTaskDefinitionFamilies": task_definitions.list_task_definition_families,
    "DeregisterTaskDefinition": task_definitions.deregister_task_definition,
    "DeleteTaskDefinitions": task_definitions.delete_task_definitions,
    "TagResource": tags.tag_resource,
    "UntagResource": tags.untag_resource,
    "ListTagsForResource": tags.list_tags_for_resource,
}
