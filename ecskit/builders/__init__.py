"""Builders: ECS requests that are right by construction, and validated before they leave.

Each builder is immutable (every method returns a new builder) and ends in ``build()``, which returns
:mod:`ecskit.models.ecs` request models after running the validators of :mod:`ecskit.validation` on them: an
impossible combination fails here with :class:`~ecskit.errors.ValidationError` and the rule's message, not later
in AWS. ``draft()`` gives the request without validation, ``validate()`` the report.

Arguments are checked where they are given: every builder function and method checks its arguments against its
annotations and raises :class:`~ecskit.errors.UsageError` naming the argument, what it got and what would be
right (``ContainerBuilder.port(): container_port must be an integer, got the string '80' (write it as the number
80, without quotes)``), never a ``TypeError`` from inside a later step. A string given for an enum parameter is read
as the enum's member (``network_mode("awsvpc")``). A model given whole (a ``ContainerDefinition`` to
``container()``) is checked at ``build()``, where its members get the validation's ``schema-*`` findings.

* :func:`container` -> :class:`ContainerBuilder`: ports, environment, secrets, logs, health checks, mounts;
* :func:`task_definition` -> :class:`TaskDefinitionBuilder`: Fargate sizes in any spelling, EC2 network modes,
  roles, volumes (bind, Docker, EFS, FSx), default awslogs or FireLens logging;
* :func:`service` -> :class:`ServiceBuilder`: launch type or capacity providers, awsvpc, load balancers,
  deployments with the circuit breaker, placement;
* :func:`cluster` -> :class:`ClusterBuilder` -> :class:`ClusterPlan`: Fargate, Fargate Spot and Auto Scaling
  group capacity providers, :func:`spot_with_on_demand_base` strategies;
* :func:`lifecycle_policy` -> :class:`LifecyclePolicyBuilder`: ECR lifecycle policies (keep the newest N images of
  some tags, expire untagged images after D days, archive, ...), priorities in the order the rules are added;
* :mod:`ecskit.builders.load_balancing`: target groups, load balancers, listeners and security groups that fit
  the tasks' network mode;
* :mod:`ecskit.builders.patterns`: whole deployments in one call (load-balanced service, queue worker,
  one-off task).

Why fluent builders rather than one function with keyword arguments per object: a container or a service has
dozens of optional facets, and a real one uses a handful; a chain names each facet where it is used, methods that
add (``port``, ``env``, ``mount``) read as a list, and an immutable builder can be the common base of several
variants. The patterns, where every decision is one argument, are plain functions with keyword arguments.
"""

from ecskit.builders.clusters import ClusterBuilder, ClusterPlan, cluster, spot_with_on_demand_base
from ecskit.builders.containers import FLUENT_BIT_IMAGE, ContainerBuilder, awslogs, container, firelens, health_check
from ecskit.builders.lifecycle import LifecyclePolicyBuilder, lifecycle_policy
from ecskit.builders.services import ServiceBuilder, service
from ecskit.builders.task_definitions import TaskDefinitionBuilder, normalise_cpu, normalise_memory, task_definition

__all__ = [
    "FLUENT_BIT_IMAGE",
    "ClusterBuilder",
    "ClusterPlan",
    "ContainerBuilder",
    "LifecyclePolicyBuilder",
    "ServiceBuilder",
    "TaskDefinitionBuilder",
    "awslogs",
    "cluster",
    "container",
    "firelens",
    "health_check",
    "lifecycle_policy",
    "normalise_cpu",
    "normalise_memory",
    "service",
    "spot_with_on_demand_base",
    "task_definition",
]
