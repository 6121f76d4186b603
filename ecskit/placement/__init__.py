"""Placement: the pieces of ECS task placement that need no AWS state.

For now, the cluster query language of ``memberOf`` placement constraints
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html): parse an expression once
with :func:`parse_query` (a :class:`QuerySyntaxError` says where it goes wrong and what was expected there), then
evaluate it against many container instances with :func:`evaluate`.

>>> from ecskit.placement import InstanceFacts, evaluate, parse_query
>>> query = parse_query("attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and runningTasksCount < 5")
>>> evaluate(query, InstanceFacts(attributes={"ecs.availability-zone": "us-east-1b"}, running_tasks_count=2))
True
"""

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

__all__ = [
    "And",
    "Comparison",
    "InstanceFacts",
    "InstanceView",
    "Not",
    "Operator",
    "Or",
    "Query",
    "QuerySyntaxError",
    "Subject",
    "evaluate",
    "parse_query",
]
