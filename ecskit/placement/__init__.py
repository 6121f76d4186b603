"""Placement: where ECS would put a task, computed without AWS (pure: no backend, no I/O, no global state).

* :mod:`~ecskit.placement.query`: the cluster query language of ``memberOf`` constraints
  (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html): parse an expression
  once with :func:`parse_query` (a :class:`QuerySyntaxError` says where it goes wrong and what was expected there),
  then evaluate it against many container instances with :func:`evaluate`.
* :mod:`~ecskit.placement.instance_types`: every EC2 instance type (generated from public copies of EC2's data) and
  what the ECS agent registers for them.
* :mod:`~ecskit.placement.resources`: :class:`Resources`, :class:`PortSet` and the :class:`Demand` of a task
  (:func:`demand_for` reads it from a task definition).
* :mod:`~ecskit.placement.state`: :class:`ClusterState`, the indexed container instances of a cluster.
* :mod:`~ecskit.placement.engine`: :func:`place` tasks with strategies and constraints, :func:`release` them, and
  the reasons placement fails with.

>>> from ecskit.placement import InstanceFacts, evaluate, parse_query
>>> query = parse_query("attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and runningTasksCount < 5")
>>> evaluate(query, InstanceFacts(attributes={"ecs.availability-zone": "us-east-1b"}, running_tasks_count=2))
True
"""

from ecskit.placement.engine import (
    SERVICE_DEFAULT_STRATEGIES,
    Placement,
    PlacementFailure,
    Reason,
    place,
    place_on,
    release,
    reserve,
    unplaced_event,
)
from ecskit.placement.instance_types import (
    DEFAULT_RESERVED_TCP_PORTS,
    INSTANCE_TYPES,
    UNKNOWN_TYPE_DEFAULTS,
    AgentRegistration,
    InstanceType,
    InstanceTypeTable,
    instance_type,
    instance_type_or_default,
    kernel_overhead_mib,
    registered_resources,
)
from ecskit.placement.query import (
    And,
    Comparison,
    InstanceFacts,
    InstanceView,
    Not,
    Operator,
    Or,
    Query,
    QuerySyntaxError,
    Subject,
    evaluate,
    parse_query,
)
from ecskit.placement.resources import Demand, PortSet, Resources, demand_for, resource_models
from ecskit.placement.state import EPHEMERAL_PORTS, ClusterState, Instance, TaskPlacement

__all__ = [
    "DEFAULT_RESERVED_TCP_PORTS",
    "EPHEMERAL_PORTS",
    "INSTANCE_TYPES",
    "SERVICE_DEFAULT_STRATEGIES",
    "UNKNOWN_TYPE_DEFAULTS",
    "AgentRegistration",
    "And",
    "ClusterState",
    "Comparison",
    "Demand",
    "Instance",
    "InstanceFacts",
    "InstanceType",
    "InstanceTypeTable",
    "InstanceView",
    "Not",
    "Operator",
    "Or",
    "Placement",
    "PlacementFailure",
    "PortSet",
    "Query",
    "QuerySyntaxError",
    "Reason",
    "Resources",
    "Subject",
    "TaskPlacement",
    "demand_for",
    "evaluate",
    "instance_type",
    "instance_type_or_default",
    "kernel_overhead_mib",
    "parse_query",
    "place",
    "place_on",
    "registered_resources",
    "release",
    "reserve",
    "resource_models",
    "unplaced_event",
]
