"""IAM roles in the fake: what a declared role lets ECS do for a task, with the errors AWS gives when it can't.

The fake has no IAM API (yet). Roles are declared with :meth:`~ecskit.backends.fake.FakeBackend.put_role`; a role ARN
that names no declared role is taken to allow everything (as undeclared subnets are made up), so tests that do
not care about IAM need not declare any. For a declared role, the fake uses the same code users call directly
(:func:`ecskit.iam.required_permissions` and :func:`ecskit.iam.evaluate_role`):

* RegisterTaskDefinition refuses a task or execution role whose trust policy does not let
  ``ecs-tasks.amazonaws.com`` assume it, with AWS's ClientException text;
* a task whose execution role cannot do what starting it takes stops before its containers start, with
  stopCode TaskFailedToStart and the stoppedReason AWS gives (see the "stopped task error messages" page:
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html):
  ``ResourceInitializationError`` for ECR registry auth, secrets, parameters and log streams, and
  ``CannotPullContainerError`` (403 Forbidden) for an image the role may not read.

A permission the evaluator cannot decide offline (a condition on a key the fake does not know) is granted:
the fake cannot know what AWS would decide, and failing tasks at random would be worse.
"""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.image_refs import parse_image
from ecskit.backends.fake.engine.ecr_pull import forbidden_reason
from ecskit.iam import Decision, RoleKind, can_assume, evaluate_role, required_permissions
from ecskit.iam.references import EXEC_ACTIONS
from ecskit.iam.trust import TASKS_SERVICE
from ecskit.models.ecs import RegisterTaskDefinitionRequest, TaskDefinition, TaskOverride
from ecskit.models.iam import Role
from ecskit.texts import ecs

__all__ = ["check_trust", "declare_role", "exec_refused", "start_failure"]

_DENIED = (Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY)


def declare_role(env: Env, role: Role) -> str:
    """Store ``role`` in this account; returns its ARN."""
    path = role.path or "/"
    arn = f"arn:aws:iam::{env.account}:role{path}{role.role_name}"
    env.state.roles[arn] = role
    return arn


def _declared(env: Env, ref: str | None) -> tuple[str, Role] | None:
    if not ref:
        return None
    roles = env.state.roles
    if ref in roles:
        return ref, roles[ref]
    name = ref.rsplit("/", 1)[-1]
    for arn, role in roles.items():
        if role.role_name == name and (not ref.startswith("arn:") or arn.split(":")[4] == ref.split(":")[4]):
            return arn, role
    return None


def check_trust(env: Env, request: RegisterTaskDefinitionRequest) -> None:
    """RegisterTaskDefinition's check that ECS can assume the task and execution roles that are declared."""
    for ref in (request.task_role_arn, request.execution_role_arn):
        found = _declared(env, ref)
        if found is not None and can_assume(found[1], TASKS_SERVICE).decision in _DENIED:
            refuse(ecs.ROLE_NOT_ASSUMABLE, role=found[0])


def _denied_message(action: str, resource: str, role_arn: str, task_id: str, image: str | None) -> str:
    account = role_arn.split(":")[4]
    name = role_arn.rsplit("/", 1)[-1]
    user = f"arn:aws:sts::{account}:assumed-role/{name}/{task_id}"
    denied = (
        f"AccessDeniedException: User: {user} is not authorized to perform: {action} on resource: {resource} "
        f"because no identity-based policy allows the {action} action"
    )
    service = action.split(":", 1)[0]
    if action == "ecr:GetAuthorizationToken":
        return (
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
            f"failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): {denied}"
        )
    ref = parse_image(image.strip()) if service == "ecr" and image is not None else None
    if ref is not None:
        return forbidden_reason(ref)
    if service == "secretsmanager":
        return (
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
            f"failed: unable to retrieve secret from asm: service call has been retried 1 time(s): {denied}"
        )
    if service == "ssm":
        return (
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
            f"failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): {denied}"
        )
    if service == "logs":
        return (
            "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: "
            f"failed to create Cloudwatch log stream: {denied}"
        )
    return f"ResourceInitializationError: unable to prepare the task: {denied}"


def _image_at(td: TaskDefinition, path: str) -> str | None:
    """The image of the container a permission's JSON path points into (``containerDefinitions[i]...``)."""
    if not path.startswith("containerDefinitions["):
        return None
    index = int(path[len("containerDefinitions[") : path.index("]")])
    containers = td.container_definitions or ()
    return containers[index].image if index < len(containers) else None


def start_failure(env: Env, td: TaskDefinition, task_id: str) -> str | None:
    """The stoppedReason of a task that its declared execution role cannot start, or None."""
    if not env.state.roles:
        return None
    found = _declared(env, td.execution_role_arn)
    if found is None:
        return None
    arn, role = found
    for permission in required_permissions(td, account=env.account, region=env.region):
        if permission.role is not RoleKind.EXECUTION:
            continue
        if evaluate_role(role, permission.action, permission.resource).decision in _DENIED:
            image = _image_at(td, permission.path)
            return _denied_message(permission.action, permission.resource, arn, task_id, image)
    return None


def exec_refused(env: Env, td: TaskDefinition, overrides: TaskOverride | None) -> bool:
    """Whether a task's declared task role (its override's, else its task definition's) may not open the Session
    Manager channels ECS Exec needs (:data:`ecskit.iam.references.EXEC_ACTIONS`)."""
    if not env.state.roles:
        return False
    ref = (overrides.task_role_arn if overrides is not None else None) or td.task_role_arn
    found = _declared(env, ref)
    if found is None:
        return False
    return any(evaluate_role(found[1], action, "*").decision in _DENIED for action in EXEC_ACTIONS)
