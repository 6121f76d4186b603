"""The fake's operation table: botocore operation name -> the function that serves it; and the handlers of the
events of virtual time that are not a task's lifecycle or a service's reconcile (those have their own)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecskit.backends.fake import (
    account_settings,
    agents,
    attributes,
    auto_scaling,
    capacity_providers,
    clusters,
    container_instances,
    provisioning,
    service_deployments,
    services,
    tags,
    task_definitions,
    task_protection,
    tasks,
)
from ecskit.backends.fake.env import Env
from ecskit.backends.fake.runtime import Event

__all__ = ["ECS_OPERATIONS", "EVENT_HANDLERS"]

Handler = Callable[[Env, Any], Any]

ECS_OPERATIONS: dict[str, Handler] = {
    "CreateCluster": clusters.create_cluster,
    "DescribeClusters": clusters.describe_clusters,
    "ListClusters": clusters.list_clusters,
    "UpdateCluster": clusters.update_cluster,
    "DeleteCluster": clusters.delete_cluster,
    "PutClusterCapacityProviders": clusters.put_cluster_capacity_providers,
    "CreateCapacityProvider": capacity_providers.create_capacity_provider,
    "DescribeCapacityProviders": capacity_providers.describe_capacity_providers,
    "UpdateCapacityProvider": capacity_providers.update_capacity_provider,
    "DeleteCapacityProvider": capacity_providers.delete_capacity_provider,
    "PutAccountSetting": account_settings.put_account_setting,
    "PutAccountSettingDefault": account_settings.put_account_setting_default,
    "ListAccountSettings": account_settings.list_account_settings,
    "DeleteAccountSetting": account_settings.delete_account_setting,
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
    "UpdateContainerAgent": agents.update_container_agent,
    "DiscoverPollEndpoint": agents.discover_poll_endpoint,
    "PutAttributes": attributes.put_attributes,
    "ListAttributes": attributes.list_attributes,
    "DeleteAttributes": attributes.delete_attributes,
    "RunTask": tasks.run_task,
    "StartTask": tasks.start_task,
    "StopTask": tasks.stop_task,
    "DescribeTasks": tasks.describe_tasks,
    "ListTasks": tasks.list_tasks,
    "GetTaskProtection": task_protection.get_task_protection,
    "UpdateTaskProtection": task_protection.update_task_protection,
    "CreateService": services.create_service,
    "DescribeServices": services.describe_services,
    "ListServices": services.list_services,
    "UpdateService": services.update_service,
    "DeleteService": services.delete_service,
    "DescribeServiceDeployments": services.describe_service_deployments,
    "ListServiceDeployments": service_deployments.list_service_deployments,
}

#: Event kind -> its handler (FakeBackend.advance runs them when due).
EVENT_HANDLERS: dict[str, Callable[[Env, Event], None]] = {
    auto_scaling.INSTANCE_READY: provisioning.instance_ready,
    provisioning.RETRY: provisioning.retry,
    agents.AGENT_UPDATE: agents.advance_update,
}
