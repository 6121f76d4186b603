"""Preflight: the run-time failures AWS would give, said in advance.

Validation (:mod:`ecskit.validation`) catches what the ECS API rejects. Many deployments pass every API call and
still fail: the task stops with ``CannotPullContainerError`` or ``ResourceInitializationError`` because its
execution role lacks a permission or its subnet has no way to ECR, the instance never registers, CreateService
fails because the service-linked role is missing. Preflight predicts those from the roles' policy documents and a
description of the VPC (:mod:`ecskit.models.vpc`), each finding quoting the error AWS would give.

* :func:`preflight_task`: a task's roles (trust and every permission its task definition needs) and the network
  path to every endpoint it fetches from;
* :func:`preflight_service`: the same for a service's tasks, plus the service-linked role and ``iam:PassRole``;
* :func:`preflight_container_instance`: will an EC2 instance's agent register and stay connected;
* :func:`preflight`: reads a service (or a task definition) from any backend, then checks it;
* :func:`reach`: how a subnet reaches one AWS service endpoint, or why it cannot;
* :data:`~ecskit.preflight.rules.RULES`: the catalog of ``preflight-*`` rules; :class:`PreflightConfig` silences
  or re-rates them.

Findings are :class:`~ecskit.validation.Finding` objects in a :class:`~ecskit.validation.Report`.
"""

from ecskit.preflight.ec2 import network_from_ec2
from ecskit.preflight.instance import agent_resource, preflight_container_instance
from ecskit.preflight.live import ReadBackend, preflight, service_request
from ecskit.preflight.needs import Need, NeedKind, task_needs
from ecskit.preflight.network import (
    AGENT_ENDPOINTS,
    ECR_ENDPOINTS,
    GATEWAY_SERVICES,
    INTERNET,
    Path,
    Via,
    check_network,
    endpoint_service_name,
    reach,
)
from ecskit.preflight.rules import RULES, PreflightConfig, PreflightRule
from ecskit.preflight.service import find_role, needs_service_linked_role, preflight_service
from ecskit.preflight.task import preflight_task

__all__ = [
    "AGENT_ENDPOINTS",
    "ECR_ENDPOINTS",
    "GATEWAY_SERVICES",
    "INTERNET",
    "RULES",
    "Need",
    "NeedKind",
    "Path",
    "PreflightConfig",
    "PreflightRule",
    "ReadBackend",
    "Via",
    "agent_resource",
    "check_network",
    "endpoint_service_name",
    "find_role",
    "needs_service_linked_role",
    "network_from_ec2",
    "preflight",
    "preflight_container_instance",
    "preflight_service",
    "preflight_task",
    "reach",
    "service_request",
    "task_needs",
]
