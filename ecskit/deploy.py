"""Create what a builder made, in order, on a backend: :meth:`ecskit.Client.deploy`.

A pattern of :mod:`ecskit.builders.patterns` is a set of resources that must be created in order: the roles, the
load balancer, its target group and listener, the task definition, then the service (or the task). ECS calls go
through the client (validated); IAM roles and Elastic Load Balancing resources are created only on backends that
declare them (:class:`~ecskit.backends.base.DeclaresResources`: the fake does). On AWS those belong to your
infrastructure tool (CloudFormation, CDK, Terraform) for now: deploying a pattern that needs them through another
backend raises :class:`~ecskit.errors.DeployError` before anything is sent, rather than creating half of it.
"""

from __future__ import annotations

from typing import Any

from ecskit.backends.base import DeclaresResources
from ecskit.backends.verbs import EcsVerbs
from ecskit.builders.clusters import ClusterPlan
from ecskit.builders.patterns import LoadBalancedService, OneOffTask, QueueWorker
from ecskit.errors import DeployError
from ecskit.models.ecs import (
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    PutClusterCapacityProvidersRequest,
    RunTaskResponse,
    Service,
)
from ecskit.models.iam import Role
from ecskit.validation import Config, validate_service

__all__ = ["Deployable", "deploy"]

#: What :func:`deploy` accepts.
Deployable = ClusterPlan | LoadBalancedService | QueueWorker | OneOffTask


def _roles(declares: DeclaresResources | None, roles: tuple[Role, ...]) -> None:
    # The fake checks tasks against declared roles; on AWS the roles must exist already (IaC owns IAM).
    if declares is not None:
        for role in roles:
            declares.put_role(role)


def _cluster(ecs: EcsVerbs, plan: ClusterPlan) -> Any:
    created: Any = None
    for request in plan.requests():
        if isinstance(request, CreateClusterRequest):
            created = ecs.create_cluster(request).cluster
        elif isinstance(request, CreateCapacityProviderRequest):
            ecs.create_capacity_provider(request)
        elif isinstance(request, PutClusterCapacityProvidersRequest):
            created = ecs.put_cluster_capacity_providers(request).cluster
    return created


def _service(ecs: EcsVerbs, stack: LoadBalancedService | QueueWorker, validate: bool, config: Config | None) -> Service:
    td = ecs.register_task_definition(stack.task_definition).task_definition
    if validate:  # with the task definition as registered: the service's rules that need it run too
        validate_service(stack.service, task_definition=td, config=config).raise_for_errors()
    service = ecs.create_service(stack.service).service
    assert service is not None  # the API always returns it
    return service


def _load_balancing(declares: DeclaresResources | None, stack: LoadBalancedService) -> None:
    if declares is None:
        raise DeployError(
            "deploy() creates load balancers, target groups and listeners only on the fake backend; on AWS create "
            f"them with your infrastructure tool, then create the service ({stack.service.service_name!r}) with "
            "client.backend.create_service"
        )
    balancer = declares.create_load_balancer(stack.load_balancer)
    declares.create_target_group(stack.target_group)
    declares.create_listener(stack.listener, load_balancer_arn=balancer.load_balancer_arn or "")


def deploy(
    ecs: EcsVerbs, stack: Deployable, *, declares: DeclaresResources | None, validate: bool, config: Config | None
) -> Any:
    """Create ``stack`` through ``ecs`` (see :meth:`ecskit.Client.deploy`, which passes itself): ECS calls go through
    its verbs, roles and load balancing resources to ``declares`` (None: a backend that does not declare them). With
    ``validate``, a service is checked again against its task definition as registered, under ``config``.

    It takes the client's verbs and settings rather than the :class:`~ecskit.Client` itself, so that this module,
    which the client imports, imports nothing of the client back."""
    if isinstance(stack, ClusterPlan):
        return _cluster(ecs, stack)
    if isinstance(stack, LoadBalancedService):
        _load_balancing(declares, stack)
    if isinstance(stack, LoadBalancedService | QueueWorker | OneOffTask):
        _roles(declares, (stack.execution_role, stack.task_role))
    if isinstance(stack, OneOffTask):
        ecs.register_task_definition(stack.task_definition)
        started: RunTaskResponse = ecs.run_task(stack.run_task)
        return started
    return _service(ecs, stack, validate, config)
