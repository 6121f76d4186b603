"""IAM for ECS: the roles a task definition needs, made to measure, and a local policy evaluator to check roles.

* :mod:`~ecskit.iam.references`: what a task definition references in AWS (ECR repositories, log groups,
  secrets, parameters, S3 files, EFS file systems), which role needs it and with which actions
  (:func:`task_definition_references`, :func:`required_permissions`);
* :mod:`~ecskit.iam.roles`: :func:`execution_role`, :func:`task_role`, :func:`container_instance_role`,
  :func:`anywhere_instance_role`, :func:`service_linked_role`;
* :mod:`~ecskit.iam.evaluate`: :func:`evaluate`, :func:`evaluate_role` and :func:`can_assume`, after AWS's
  policy evaluation logic, with an ``UNDETERMINED`` answer where a condition cannot be decided offline;
* :mod:`~ecskit.iam.resource_policies`: resource-based policies (an ECR repository or registry policy):
  :func:`evaluate_resource_policy`, :func:`authorize` with AWS's same-account and cross-account logic, and
  :func:`policy_problems`; :mod:`~ecskit.iam.principals`: who calls (:class:`Caller`) and how a ``Principal``
  names them;
* :mod:`~ecskit.iam.conditions`: the ``Condition`` operators; :mod:`~ecskit.iam.managed`: the AWS managed
  policies ECS users attach; :mod:`~ecskit.iam.trust`: trust policies; :mod:`~ecskit.iam.arns`: ARNs.

>>> from ecskit.iam import Decision, evaluate_role, execution_role, required_permissions
>>> from ecskit.models.ecs import ContainerDefinition, RegisterTaskDefinitionRequest
>>> td = RegisterTaskDefinitionRequest(family="web", container_definitions=(ContainerDefinition(
...     name="app", image="111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1"),))
>>> role = execution_role(td, account="111122223333", region="us-east-1")
>>> all(evaluate_role(role, p.action, p.resource).decision is Decision.ALLOWED
...     for p in required_permissions(td, account="111122223333", region="us-east-1"))
True
"""

from ecskit.iam.arns import role_arn
from ecskit.iam.conditions import ContextValue, evaluate_condition
from ecskit.iam.evaluate import Decision, Evaluation, can_assume, evaluate, evaluate_role
from ecskit.iam.managed import AWS_MANAGED_POLICIES, ManagedPolicy, managed_policy
from ecskit.iam.principals import Caller, CallerKind, PrincipalMatch, principal_match, principal_problem
from ecskit.iam.references import (
    EcrImage,
    Permission,
    Reference,
    ResourceKind,
    RoleKind,
    parse_ecr_image,
    required_permissions,
    task_definition_references,
)
from ecskit.iam.resource_policies import Access, Denial, authorize, evaluate_resource_policy, policy_problems
from ecskit.iam.roles import (
    AGENT_ACTIONS,
    SERVICE_LINKED_ROLE_NAME,
    anywhere_instance_role,
    container_instance_role,
    execution_role,
    execution_role_policy,
    instance_profile,
    service_linked_role,
    task_role,
    task_role_policy,
)
from ecskit.iam.trust import EC2_SERVICE, ECS_SERVICE, SSM_SERVICE, TASKS_SERVICE, trust_policy

__all__ = [
    "AGENT_ACTIONS",
    "AWS_MANAGED_POLICIES",
    "EC2_SERVICE",
    "ECS_SERVICE",
    "SERVICE_LINKED_ROLE_NAME",
    "SSM_SERVICE",
    "TASKS_SERVICE",
    "Access",
    "Caller",
    "CallerKind",
    "ContextValue",
    "Decision",
    "Denial",
    "EcrImage",
    "Evaluation",
    "ManagedPolicy",
    "Permission",
    "PrincipalMatch",
    "Reference",
    "ResourceKind",
    "RoleKind",
    "anywhere_instance_role",
    "authorize",
    "can_assume",
    "container_instance_role",
    "evaluate",
    "evaluate_condition",
    "evaluate_resource_policy",
    "evaluate_role",
    "execution_role",
    "execution_role_policy",
    "instance_profile",
    "managed_policy",
    "parse_ecr_image",
    "policy_problems",
    "principal_match",
    "principal_problem",
    "required_permissions",
    "role_arn",
    "service_linked_role",
    "task_definition_references",
    "task_role",
    "task_role_policy",
    "trust_policy",
]
