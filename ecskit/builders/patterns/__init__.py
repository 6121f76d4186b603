"""Whole deployments in one call: every resource a common shape of ECS workload needs, validated together.

* :func:`load_balanced_service` -> :class:`LoadBalancedService`: a service behind an internet-facing Application
  Load Balancer (Fargate, or EC2 in bridge, host or awsvpc mode), with its target group, listener, security
  groups and roles;
* :func:`queue_worker` -> :class:`QueueWorker`: a service with no load balancer, Spot-first on Fargate;
* :func:`one_off_task` -> :class:`OneOffTask`: a task definition and the RunTask request that starts it.

Each pattern returns models (nothing is created); each raises :class:`~ecskit.errors.ValidationError` when the
arguments make something that cannot work. Roles come from :mod:`ecskit.iam`: the execution role grants exactly
what the task definition references.
"""

from ecskit.builders.patterns.tasks import OneOffTask, one_off_task
from ecskit.builders.patterns.web import LoadBalancedService, load_balanced_service
from ecskit.builders.patterns.workers import QueueWorker, queue_worker

__all__ = ["LoadBalancedService", "OneOffTask", "QueueWorker", "load_balanced_service", "one_off_task", "queue_worker"]
