"""Preflight of what is deployed: read a service (or a task definition) from a backend, then check it.

:func:`preflight` reads through three describe verbs only, so it never changes anything, and it takes any object
that has them (:class:`ReadBackend`): ``FakeBackend``, ``Boto3Backend`` or ecskit's ``Client``. It does not import
the backends (they sit above preflight in ecskit's layers). The account, Region and partition come from the
cluster's ARN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from ecskit.errors import UsageError, backend_error
from ecskit.models.ecs import (
    CreateServiceRequest,
    DescribeClustersRequest,
    DescribeClustersResponse,
    DescribeServicesRequest,
    DescribeServicesResponse,
    DescribeTaskDefinitionRequest,
    DescribeTaskDefinitionResponse,
    LaunchType,
    Service,
)
from ecskit.models.iam import PolicyDocument, Role
from ecskit.models.vpc import Network
from ecskit.preflight.rules import PreflightConfig
from ecskit.preflight.service import find_role, preflight_service
from ecskit.preflight.task import preflight_task
from ecskit.validation import Report

__all__ = ["ReadBackend", "preflight", "service_request"]


class ReadBackend(Protocol):
    """The read verbs :func:`preflight` calls; every ecskit backend has them."""

    def describe_clusters(self, request: DescribeClustersRequest) -> DescribeClustersResponse:
        """``DescribeClusters``."""
        ...

    def describe_services(self, request: DescribeServicesRequest) -> DescribeServicesResponse:
        """``DescribeServices``."""
        ...

    def describe_task_definition(self, request: DescribeTaskDefinitionRequest) -> DescribeTaskDefinitionResponse:
        """``DescribeTaskDefinition``."""
        ...


def service_request(service: Service) -> CreateServiceRequest:
    """The CreateService request a described service corresponds to (the primary deployment's Service Connect,
    volume and VPC Lattice configurations included), for :func:`~ecskit.preflight.preflight_service`."""
    primary = next((d for d in service.deployments or () if d.status == "PRIMARY"), None)
    return CreateServiceRequest(
        cluster=service.cluster_arn,
        service_name=service.service_name or "",
        task_definition=service.task_definition,
        availability_zone_rebalancing=service.availability_zone_rebalancing,
        load_balancers=service.load_balancers,
        service_registries=service.service_registries,
        desired_count=service.desired_count,
        launch_type=service.launch_type,
        capacity_provider_strategy=service.capacity_provider_strategy,
        platform_version=service.platform_version,
        role=service.role_arn,
        deployment_configuration=service.deployment_configuration,
        placement_constraints=service.placement_constraints,
        placement_strategy=service.placement_strategy,
        network_configuration=service.network_configuration,
        health_check_grace_period_seconds=service.health_check_grace_period_seconds,
        scheduling_strategy=service.scheduling_strategy,
        deployment_controller=service.deployment_controller,
        tags=service.tags,
        enable_ecs_managed_tags=service.enable_ecs_managed_tags,
        propagate_tags=service.propagate_tags,
        enable_execute_command=service.enable_execute_command,
        service_connect_configuration=primary.service_connect_configuration if primary else None,
        volume_configurations=primary.volume_configurations if primary else None,
        vpc_lattice_configurations=primary.vpc_lattice_configurations if primary else None,
    )


def _arn_parts(arn: str) -> tuple[str, str, str]:
    """``(partition, region, account)`` of an ARN."""
    parts = arn.split(":", 5)
    return parts[1], parts[3], parts[4]


def preflight(
    backend: ReadBackend,
    *,
    cluster: str,
    service: str | None = None,
    task_definition: str | None = None,
    roles: Mapping[str, Role] | None = None,
    network: Network | None = None,
    service_linked_role: Role | bool | None = None,
    caller: Role | None = None,
    subnets: Sequence[str] = (),
    assign_public_ip: bool = False,
    launch_type: LaunchType | None = None,
    instance_subnet: str | None = None,
    instance_public_ip: bool = False,
    managed: Mapping[str, PolicyDocument] | None = None,
    config: PreflightConfig | None = None,
) -> Report:
    """Preflight of a service of ``cluster`` as the backend describes it, or of a task definition (family,
    ``family:revision`` or ARN) run in the cluster with ``subnets``, ``assign_public_ip`` and ``launch_type``.

    ``roles`` holds the documents of the roles the task definition names (by ARN or name); the other parameters
    are those of :func:`~ecskit.preflight.preflight_service` and :func:`~ecskit.preflight.preflight_task`.
    An unknown cluster or service raises :class:`~ecskit.errors.NotFoundError`, as ECS would.
    """
    if (service is None) == (task_definition is None):
        raise UsageError("give exactly one of service= and task_definition=")
    described = backend.describe_clusters(DescribeClustersRequest(clusters=(cluster,)))
    found = next((c for c in described.clusters or () if c.cluster_arn), None)
    if found is None or found.cluster_arn is None:
        raise backend_error("ClusterNotFoundException", f"Cluster not found: {cluster}", operation="DescribeClusters")
    partition, region, account = _arn_parts(found.cluster_arn)
    roles = roles or {}
    if service is not None:
        services = backend.describe_services(DescribeServicesRequest(cluster=found.cluster_arn, services=(service,)))
        current = next(iter(services.services or ()), None)
        if current is None or current.status == "INACTIVE" or current.task_definition is None:
            raise backend_error(
                "ServiceNotFoundException", f"Service not found: {service}", operation="DescribeServices"
            )
        td = backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition=current.task_definition))
        return preflight_service(
            service_request(current),
            task_definition=td,
            roles=roles,
            network=network,
            service_linked_role=service_linked_role,
            caller=caller,
            instance_subnet=instance_subnet,
            instance_public_ip=instance_public_ip,
            account=account,
            region=region,
            partition=partition,
            managed=managed,
            config=config,
        )
    assert task_definition is not None
    response = backend.describe_task_definition(DescribeTaskDefinitionRequest(task_definition=task_definition))
    definition = response.task_definition
    execution = definition.execution_role_arn if definition is not None else None
    task = definition.task_role_arn if definition is not None else None
    return preflight_task(
        response,
        execution_role=find_role(roles, execution) if execution else None,
        task_role=find_role(roles, task) if task else None,
        network=network,
        subnets=subnets,
        assign_public_ip=assign_public_ip,
        launch_type=launch_type,
        caller=caller,
        instance_subnet=instance_subnet,
        instance_public_ip=instance_public_ip,
        account=account,
        region=region,
        partition=partition,
        managed=managed,
        config=config,
    )
