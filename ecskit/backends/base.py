"""The Backend protocol: ECS-shaped verbs that take and return ecskit models, nothing else.

Every backend implements one method, :meth:`Backend.call`; the typed verbs here route to it, so a backend
written once serves every verb, and callers get types for each. Errors are ecskit exceptions carrying AWS's error
code (:class:`~ecskit.errors.BackendError` and its subclasses), the same on every backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from ecskit.models import replace
from ecskit.models.ecs import (
    CreateCapacityProviderRequest,
    CreateCapacityProviderResponse,
    CreateClusterRequest,
    CreateClusterResponse,
    CreateServiceRequest,
    CreateServiceResponse,
    DeleteAccountSettingRequest,
    DeleteAccountSettingResponse,
    DeleteAttributesRequest,
    DeleteAttributesResponse,
    DeleteCapacityProviderRequest,
    DeleteCapacityProviderResponse,
    DeleteClusterRequest,
    DeleteClusterResponse,
    DeleteServiceRequest,
    DeleteServiceResponse,
    DeleteTaskDefinitionsRequest,
    DeleteTaskDefinitionsResponse,
    DeregisterContainerInstanceRequest,
    DeregisterContainerInstanceResponse,
    DeregisterTaskDefinitionRequest,
    DeregisterTaskDefinitionResponse,
    DescribeCapacityProvidersRequest,
    DescribeCapacityProvidersResponse,
    DescribeClustersRequest,
    DescribeClustersResponse,
    DescribeContainerInstancesRequest,
    DescribeContainerInstancesResponse,
    DescribeServiceDeploymentsRequest,
    DescribeServiceDeploymentsResponse,
    DescribeServicesRequest,
    DescribeServicesResponse,
    DescribeTaskDefinitionRequest,
    DescribeTaskDefinitionResponse,
    DescribeTasksRequest,
    DescribeTasksResponse,
    DiscoverPollEndpointRequest,
    DiscoverPollEndpointResponse,
    GetTaskProtectionRequest,
    GetTaskProtectionResponse,
    ListAccountSettingsRequest,
    ListAccountSettingsResponse,
    ListAttributesRequest,
    ListAttributesResponse,
    ListClustersRequest,
    ListClustersResponse,
    ListContainerInstancesRequest,
    ListContainerInstancesResponse,
    ListServiceDeploymentsRequest,
    ListServiceDeploymentsResponse,
    ListServicesRequest,
    ListServicesResponse,
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    ListTaskDefinitionFamiliesRequest,
    ListTaskDefinitionFamiliesResponse,
    ListTaskDefinitionsRequest,
    ListTaskDefinitionsResponse,
    ListTasksRequest,
    ListTasksResponse,
    PutAccountSettingDefaultRequest,
    PutAccountSettingDefaultResponse,
    PutAccountSettingRequest,
    PutAccountSettingResponse,
    PutAttributesRequest,
    PutAttributesResponse,
    PutClusterCapacityProvidersRequest,
    PutClusterCapacityProvidersResponse,
    RegisterContainerInstanceRequest,
    RegisterContainerInstanceResponse,
    RegisterTaskDefinitionRequest,
    RegisterTaskDefinitionResponse,
    RunTaskRequest,
    RunTaskResponse,
    StartTaskRequest,
    StartTaskResponse,
    StopTaskRequest,
    StopTaskResponse,
    TagResourceRequest,
    TagResourceResponse,
    UntagResourceRequest,
    UntagResourceResponse,
    UpdateCapacityProviderRequest,
    UpdateCapacityProviderResponse,
    UpdateClusterRequest,
    UpdateClusterResponse,
    UpdateContainerAgentRequest,
    UpdateContainerAgentResponse,
    UpdateContainerInstancesStateRequest,
    UpdateContainerInstancesStateResponse,
    UpdateServiceRequest,
    UpdateServiceResponse,
    UpdateTaskProtectionRequest,
    UpdateTaskProtectionResponse,
)

__all__ = ["SUPPORTED_ECS_OPERATIONS", "Backend"]


#: The ECS operations every backend serves (the operation-support page lists them against botocore's).
SUPPORTED_ECS_OPERATIONS: tuple[str, ...] = (
    "CreateCluster",
    "DescribeClusters",
    "ListClusters",
    "UpdateCluster",
    "DeleteCluster",
    "PutClusterCapacityProviders",
    "RegisterTaskDefinition",
    "DescribeTaskDefinition",
    "ListTaskDefinitions",
    "ListTaskDefinitionFamilies",
    "DeregisterTaskDefinition",
    "DeleteTaskDefinitions",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "RegisterContainerInstance",
    "DescribeContainerInstances",
    "ListContainerInstances",
    "UpdateContainerInstancesState",
    "DeregisterContainerInstance",
    "PutAttributes",
    "ListAttributes",
    "DeleteAttributes",
    "RunTask",
    "StartTask",
    "StopTask",
    "DescribeTasks",
    "ListTasks",
    "CreateService",
    "DescribeServices",
    "ListServices",
    "UpdateService",
    "DeleteService",
    "DescribeServiceDeployments",
    "ListServiceDeployments",
    "CreateCapacityProvider",
    "DescribeCapacityProviders",
    "UpdateCapacityProvider",
    "DeleteCapacityProvider",
    "PutAccountSetting",
    "PutAccountSettingDefault",
    "ListAccountSettings",
    "DeleteAccountSetting",
    "DiscoverPollEndpoint",
    "UpdateContainerAgent",
    "GetTaskProtection",
    "UpdateTaskProtection",
)


class Backend(ABC):
    """What ecskit's client and tools accept as a backend: typed ECS verbs over one generic :meth:`call`."""

    @abstractmethod
    def call(self, operation: str, request: Any) -> Any:
        """Run one operation (its botocore name, e.g. ``"CreateCluster"``) on its request model."""

    def paginate(self, operation: str, request: Any) -> Iterator[Any]:
        """Every page of a list operation, starting from ``request``: each page's ``nextToken`` asks for the next.

        :class:`~ecskit.backends.boto3.Boto3Backend` uses botocore's paginators instead.
        """
        while True:
            page = self.call(operation, request)
            yield page
            token = getattr(page, "next_token", None)
            if not token:
                return
            request = replace(request, next_token=token)

    def create_cluster(self, request: CreateClusterRequest) -> CreateClusterResponse:
        """``CreateCluster``."""
        result: CreateClusterResponse = self.call("CreateCluster", request)
        return result

    def describe_clusters(self, request: DescribeClustersRequest) -> DescribeClustersResponse:
        """``DescribeClusters``."""
        result: DescribeClustersResponse = self.call("DescribeClusters", request)
        return result

    def list_clusters(self, request: ListClustersRequest) -> ListClustersResponse:
        """``ListClusters``."""
        result: ListClustersResponse = self.call("ListClusters", request)
        return result

    def update_cluster(self, request: UpdateClusterRequest) -> UpdateClusterResponse:
        """``UpdateCluster``."""
        result: UpdateClusterResponse = self.call("UpdateCluster", request)
        return result

    def delete_cluster(self, request: DeleteClusterRequest) -> DeleteClusterResponse:
        """``DeleteCluster``."""
        result: DeleteClusterResponse = self.call("DeleteCluster", request)
        return result

    def put_cluster_capacity_providers(
        self, request: PutClusterCapacityProvidersRequest
    ) -> PutClusterCapacityProvidersResponse:
        """``PutClusterCapacityProviders``."""
        result: PutClusterCapacityProvidersResponse = self.call("PutClusterCapacityProviders", request)
        return result

    def register_task_definition(self, request: RegisterTaskDefinitionRequest) -> RegisterTaskDefinitionResponse:
        """``RegisterTaskDefinition``."""
        result: RegisterTaskDefinitionResponse = self.call("RegisterTaskDefinition", request)
        return result

    def describe_task_definition(self, request: DescribeTaskDefinitionRequest) -> DescribeTaskDefinitionResponse:
        """``DescribeTaskDefinition``."""
        result: DescribeTaskDefinitionResponse = self.call("DescribeTaskDefinition", request)
        return result

    def list_task_definitions(self, request: ListTaskDefinitionsRequest) -> ListTaskDefinitionsResponse:
        """``ListTaskDefinitions``."""
        result: ListTaskDefinitionsResponse = self.call("ListTaskDefinitions", request)
        return result

    def list_task_definition_families(
        self, request: ListTaskDefinitionFamiliesRequest
    ) -> ListTaskDefinitionFamiliesResponse:
        """``ListTaskDefinitionFamilies``."""
        result: ListTaskDefinitionFamiliesResponse = self.call("ListTaskDefinitionFamilies", request)
        return result

    def deregister_task_definition(self, request: DeregisterTaskDefinitionRequest) -> DeregisterTaskDefinitionResponse:
        """``DeregisterTaskDefinition``."""
        result: DeregisterTaskDefinitionResponse = self.call("DeregisterTaskDefinition", request)
        return result

    def delete_task_definitions(self, request: DeleteTaskDefinitionsRequest) -> DeleteTaskDefinitionsResponse:
        """``DeleteTaskDefinitions``."""
        result: DeleteTaskDefinitionsResponse = self.call("DeleteTaskDefinitions", request)
        return result

    def tag_resource(self, request: TagResourceRequest) -> TagResourceResponse:
        """``TagResource``."""
        result: TagResourceResponse = self.call("TagResource", request)
        return result

    def untag_resource(self, request: UntagResourceRequest) -> UntagResourceResponse:
        """``UntagResource``."""
        result: UntagResourceResponse = self.call("UntagResource", request)
        return result

    def list_tags_for_resource(self, request: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
        """``ListTagsForResource``."""
        result: ListTagsForResourceResponse = self.call("ListTagsForResource", request)
        return result

    def register_container_instance(
        self, request: RegisterContainerInstanceRequest
    ) -> RegisterContainerInstanceResponse:
        """``RegisterContainerInstance``."""
        result: RegisterContainerInstanceResponse = self.call("RegisterContainerInstance", request)
        return result

    def describe_container_instances(
        self, request: DescribeContainerInstancesRequest
    ) -> DescribeContainerInstancesResponse:
        """``DescribeContainerInstances``."""
        result: DescribeContainerInstancesResponse = self.call("DescribeContainerInstances", request)
        return result

    def list_container_instances(self, request: ListContainerInstancesRequest) -> ListContainerInstancesResponse:
        """``ListContainerInstances``."""
        result: ListContainerInstancesResponse = self.call("ListContainerInstances", request)
        return result

    def update_container_instances_state(
        self, request: UpdateContainerInstancesStateRequest
    ) -> UpdateContainerInstancesStateResponse:
        """``UpdateContainerInstancesState``."""
        result: UpdateContainerInstancesStateResponse = self.call("UpdateContainerInstancesState", request)
        return result

    def deregister_container_instance(
        self, request: DeregisterContainerInstanceRequest
    ) -> DeregisterContainerInstanceResponse:
        """``DeregisterContainerInstance``."""
        result: DeregisterContainerInstanceResponse = self.call("DeregisterContainerInstance", request)
        return result

    def put_attributes(self, request: PutAttributesRequest) -> PutAttributesResponse:
        """``PutAttributes``."""
        result: PutAttributesResponse = self.call("PutAttributes", request)
        return result

    def list_attributes(self, request: ListAttributesRequest) -> ListAttributesResponse:
        """``ListAttributes``."""
        result: ListAttributesResponse = self.call("ListAttributes", request)
        return result

    def delete_attributes(self, request: DeleteAttributesRequest) -> DeleteAttributesResponse:
        """``DeleteAttributes``."""
        result: DeleteAttributesResponse = self.call("DeleteAttributes", request)
        return result

    def run_task(self, request: RunTaskRequest) -> RunTaskResponse:
        """``RunTask``."""
        result: RunTaskResponse = self.call("RunTask", request)
        return result

    def start_task(self, request: StartTaskRequest) -> StartTaskResponse:
        """``StartTask``."""
        result: StartTaskResponse = self.call("StartTask", request)
        return result

    def stop_task(self, request: StopTaskRequest) -> StopTaskResponse:
        """``StopTask``."""
        result: StopTaskResponse = self.call("StopTask", request)
        return result

    def describe_tasks(self, request: DescribeTasksRequest) -> DescribeTasksResponse:
        """``DescribeTasks``."""
        result: DescribeTasksResponse = self.call("DescribeTasks", request)
        return result

    def list_tasks(self, request: ListTasksRequest) -> ListTasksResponse:
        """``ListTasks``."""
        result: ListTasksResponse = self.call("ListTasks", request)
        return result

    def create_service(self, request: CreateServiceRequest) -> CreateServiceResponse:
        """``CreateService``."""
        result: CreateServiceResponse = self.call("CreateService", request)
        return result

    def describe_services(self, request: DescribeServicesRequest) -> DescribeServicesResponse:
        """``DescribeServices``."""
        result: DescribeServicesResponse = self.call("DescribeServices", request)
        return result

    def list_services(self, request: ListServicesRequest) -> ListServicesResponse:
        """``ListServices``."""
        result: ListServicesResponse = self.call("ListServices", request)
        return result

    def update_service(self, request: UpdateServiceRequest) -> UpdateServiceResponse:
        """``UpdateService``."""
        result: UpdateServiceResponse = self.call("UpdateService", request)
        return result

    def delete_service(self, request: DeleteServiceRequest) -> DeleteServiceResponse:
        """``DeleteService``."""
        result: DeleteServiceResponse = self.call("DeleteService", request)
        return result

    def describe_service_deployments(
        self, request: DescribeServiceDeploymentsRequest
    ) -> DescribeServiceDeploymentsResponse:
        """``DescribeServiceDeployments``."""
        result: DescribeServiceDeploymentsResponse = self.call("DescribeServiceDeployments", request)
        return result

    def list_service_deployments(self, request: ListServiceDeploymentsRequest) -> ListServiceDeploymentsResponse:
        """``ListServiceDeployments``."""
        result: ListServiceDeploymentsResponse = self.call("ListServiceDeployments", request)
        return result

    def create_capacity_provider(self, request: CreateCapacityProviderRequest) -> CreateCapacityProviderResponse:
        """``CreateCapacityProvider``."""
        result: CreateCapacityProviderResponse = self.call("CreateCapacityProvider", request)
        return result

    def describe_capacity_providers(
        self, request: DescribeCapacityProvidersRequest
    ) -> DescribeCapacityProvidersResponse:
        """``DescribeCapacityProviders``."""
        result: DescribeCapacityProvidersResponse = self.call("DescribeCapacityProviders", request)
        return result

    def update_capacity_provider(self, request: UpdateCapacityProviderRequest) -> UpdateCapacityProviderResponse:
        """``UpdateCapacityProvider``."""
        result: UpdateCapacityProviderResponse = self.call("UpdateCapacityProvider", request)
        return result

    def delete_capacity_provider(self, request: DeleteCapacityProviderRequest) -> DeleteCapacityProviderResponse:
        """``DeleteCapacityProvider``."""
        result: DeleteCapacityProviderResponse = self.call("DeleteCapacityProvider", request)
        return result

    def put_account_setting(self, request: PutAccountSettingRequest) -> PutAccountSettingResponse:
        """``PutAccountSetting``."""
        result: PutAccountSettingResponse = self.call("PutAccountSetting", request)
        return result

    def put_account_setting_default(self, request: PutAccountSettingDefaultRequest) -> PutAccountSettingDefaultResponse:
        """``PutAccountSettingDefault``."""
        result: PutAccountSettingDefaultResponse = self.call("PutAccountSettingDefault", request)
        return result

    def list_account_settings(self, request: ListAccountSettingsRequest) -> ListAccountSettingsResponse:
        """``ListAccountSettings``."""
        result: ListAccountSettingsResponse = self.call("ListAccountSettings", request)
        return result

    def delete_account_setting(self, request: DeleteAccountSettingRequest) -> DeleteAccountSettingResponse:
        """``DeleteAccountSetting``."""
        result: DeleteAccountSettingResponse = self.call("DeleteAccountSetting", request)
        return result

    def discover_poll_endpoint(self, request: DiscoverPollEndpointRequest) -> DiscoverPollEndpointResponse:
        """``DiscoverPollEndpoint``."""
        result: DiscoverPollEndpointResponse = self.call("DiscoverPollEndpoint", request)
        return result

    def update_container_agent(self, request: UpdateContainerAgentRequest) -> UpdateContainerAgentResponse:
        """``UpdateContainerAgent``."""
        result: UpdateContainerAgentResponse = self.call("UpdateContainerAgent", request)
        return result

    def get_task_protection(self, request: GetTaskProtectionRequest) -> GetTaskProtectionResponse:
        """``GetTaskProtection``."""
        result: GetTaskProtectionResponse = self.call("GetTaskProtection", request)
        return result

    def update_task_protection(self, request: UpdateTaskProtectionRequest) -> UpdateTaskProtectionResponse:
        """``UpdateTaskProtection``."""
        result: UpdateTaskProtectionResponse = self.call("UpdateTaskProtection", request)
        return result
