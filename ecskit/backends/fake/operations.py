"""The fake's operation table: botocore operation name -> the function that serves it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecskit.backends.fake import (
    attributes,
    clusters,
    container_instances,
    services,
    tags,
    task_definitions,
    tasks,
)
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
    "RegisterContainerInstance": container_instances.register_container_instance,
    "DescribeContainerInstances": container_instances.describe_container_instances,
    "ListContainerInstances": container_instances.list_container_instances,
    "UpdateContainerInstancesState": container_instances.update_container_instances_state,
    "DeregisterContainerInstance": container_instances.deregister_container_instance,
    "PutAttributes": attributes.put_attributes,
    "ListAttributes": attributes.list_attributes,
    "DeleteAttributes": attributes.delete_attributes,
    "RunTask": tasks.run_task,
    "StartTask": tasks.start_task,
    "StopTask": tasks.stop_task,
    "DescribeTasks": tasks.describe_tasks,
    "ListTasks": tasks.list_tasks,
    "CreateService": services.create_service,
    "DescribeServices": services.describe_services,
    "ListServices": services.list_services,
    "UpdateService": services.update_service,
    "DeleteService": services.delete_service,
    "DescribeServiceDeployments": services.describe_service_deployments,
}
