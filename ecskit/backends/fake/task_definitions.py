"""Task definitions: Register, Describe, List, ListFamilies, Deregister, Delete. Registering runs the same
validation users call directly, and rejects what AWS rejects with a ClientException."""

from __future__ import annotations

import attrs

from ecskit._text import digits
from ecskit.backends.fake import roles
from ecskit.backends.fake.env import Env, fail, paginate
from ecskit.backends.fake.registry import handles
from ecskit.codec import register_request_from
from ecskit.errors import BackendError
from ecskit.models import replace
from ecskit.models.ecs import (
    DeleteTaskDefinitionsRequest,
    DeleteTaskDefinitionsResponse,
    DeregisterTaskDefinitionRequest,
    DeregisterTaskDefinitionResponse,
    DescribeTaskDefinitionRequest,
    DescribeTaskDefinitionResponse,
    Failure,
    ListTaskDefinitionFamiliesRequest,
    ListTaskDefinitionFamiliesResponse,
    ListTaskDefinitionsRequest,
    ListTaskDefinitionsResponse,
    RegisterTaskDefinitionRequest,
    RegisterTaskDefinitionResponse,
    TaskDefinition,
    TaskDefinitionStatus,
)
from ecskit.validation import validate_task_definition
from ecskit.validation.registered import registered_container
from ecskit.validation.sizes import registered_cpu, registered_memory

__all__ = [
    "delete_task_definitions",
    "deregister_task_definition",
    "describe_task_definition",
    "find_task_definition",
    "list_task_definition_families",
    "list_task_definitions",
    "register_form",
    "register_task_definition",
    "resolve_task_definition",
]

MAX_REVISIONS = 1_000_000
STILL_ACTIVE = "The specified task definition is still in ACTIVE status. Please deregister the target and try again."


#: The members of a register request that the stored task definition shows as they are (tags are kept apart).
_TAKEN = tuple(
    sorted(
        ({a.name for a in attrs.fields(RegisterTaskDefinitionRequest)} & {a.name for a in attrs.fields(TaskDefinition)})
        - {"tags"}
    )
)


def _compatibilities(req: RegisterTaskDefinitionRequest) -> tuple[str, ...]:
    """What AWS reports a task definition can run on: EC2 always; EXTERNAL outside awsvpc; what it declares."""
    declared = [str(c) for c in req.requires_compatibilities or ()]
    found = ["EC2"]
    if str(req.network_mode or "bridge") != "awsvpc":
        found.insert(0, "EXTERNAL")
    found += [c for c in declared if c not in found]
    return tuple(found)


@handles(RegisterTaskDefinitionRequest)
def register_task_definition(env: Env, req: RegisterTaskDefinitionRequest) -> RegisterTaskDefinitionResponse:
    """RegisterTaskDefinition: a new ACTIVE revision of the family."""
    # only what AWS refuses at the call (phase api); runtime findings are for the task's life to play out
    refusals = validate_task_definition(req).refusals
    if refusals:
        fail(refusals[0].aws_code or "ClientException", refusals[0].message)
    roles.check_trust(env, req)
    revisions = env.state.task_definitions.setdefault(req.family, [])
    if len(revisions) >= MAX_REVISIONS:
        fail("ClientException", "Too many revisions.")
    revision = len(revisions) + 1
    values = {name: getattr(req, name) for name in _TAKEN}
    mode = str(req.network_mode or "bridge")
    values["container_definitions"] = tuple(registered_container(c, mode) for c in req.container_definitions)
    # "a vCPU value is converted to an integer indicating the CPU units" (and GB to MiB) when registered
    values["cpu"] = registered_cpu(req.cpu) if req.cpu is not None else None
    values["memory"] = registered_memory(req.memory) if req.memory is not None else None
    td = TaskDefinition(
        **values,
        task_definition_arn=env.arn(f"task-definition/{req.family}:{revision}"),
        revision=revision,
        status=TaskDefinitionStatus.ACTIVE,
        compatibilities=_compatibilities(req),  # type: ignore[arg-type]
        requires_attributes=(),
        registered_at=env.clock.now(),
        registered_by=f"arn:aws:iam::{env.account}:root",
    )
    revisions.append(td)
    if req.tags:
        env.state.tags[td.task_definition_arn or ""] = req.tags
    return RegisterTaskDefinitionResponse(task_definition=td, tags=req.tags)


def register_form(env: Env, td: TaskDefinition) -> RegisterTaskDefinitionRequest:
    """The register form of a stored revision (what the validators take), made once per revision."""
    arn = td.task_definition_arn or ""
    found = env.state.register_forms.get(arn)
    if found is None:
        found = env.state.register_forms[arn] = register_request_from(td)
    return found


def resolve_task_definition(env: Env, ref: str) -> TaskDefinition | None:
    """The task definition ``ref`` names: ``family`` (its latest ACTIVE revision), ``family:revision`` or an ARN;
    None when there is none or it is being deleted."""
    if ref.startswith("arn:"):
        _, found_marker, text = ref.partition(":task-definition/")
        if not found_marker:  # the ARN of something else
            return None
    else:
        text = ref
    family, _, rev = text.partition(":")
    revisions = env.state.task_definitions.get(family, ())
    found: TaskDefinition | None = None
    if not rev:
        found = next((t for t in reversed(revisions) if t.status == "ACTIVE"), None)
    elif digits(rev) and 1 <= int(rev) <= len(revisions):
        found = revisions[int(rev) - 1]
    return None if found is None or found.status == "DELETE_IN_PROGRESS" else found


def find_task_definition(env: Env, ref: str) -> TaskDefinition:
    """:func:`resolve_task_definition`, or DescribeTaskDefinition's ClientException."""
    found = resolve_task_definition(env, ref)
    if found is None:
        fail("ClientException", "Unable to describe task definition.")
    return found


@handles(DescribeTaskDefinitionRequest)
def describe_task_definition(env: Env, req: DescribeTaskDefinitionRequest) -> DescribeTaskDefinitionResponse:
    """DescribeTaskDefinition (with its tags when asked for)."""
    td = find_task_definition(env, req.task_definition)
    tags = (
        env.state.tags.get(td.task_definition_arn or "", ()) if "TAGS" in {str(i) for i in req.include or ()} else None
    )
    return DescribeTaskDefinitionResponse(task_definition=td, tags=tags)


@handles(ListTaskDefinitionsRequest)
def list_task_definitions(env: Env, req: ListTaskDefinitionsRequest) -> ListTaskDefinitionsResponse:
    """ListTaskDefinitions: ARNs by family then revision (DESC reverses), filtered by prefix and status."""
    status = str(req.status or "ACTIVE")
    found = [
        td.task_definition_arn or ""
        for family in sorted(env.state.task_definitions)
        if not req.family_prefix or family.startswith(req.family_prefix)
        for td in env.state.task_definitions[family]
        if td.status == status
    ]
    if str(req.sort or "ASC") == "DESC":
        found.reverse()
    page, token = paginate(found, req.next_token, req.max_results)
    return ListTaskDefinitionsResponse(task_definition_arns=tuple(page), next_token=token)


@handles(ListTaskDefinitionFamiliesRequest)
def list_task_definition_families(
    env: Env, req: ListTaskDefinitionFamiliesRequest
) -> ListTaskDefinitionFamiliesResponse:
    """ListTaskDefinitionFamilies: ACTIVE families have an ACTIVE revision; INACTIVE ones have none."""
    status = str(req.status or "ACTIVE")
    found = []
    for family in sorted(env.state.task_definitions):
        if req.family_prefix and not family.startswith(req.family_prefix):
            continue
        active = any(t.status == "ACTIVE" for t in env.state.task_definitions[family])
        if status == "ALL" or (status == "ACTIVE") == active:
            found.append(family)
    page, token = paginate(found, req.next_token, req.max_results)
    return ListTaskDefinitionFamiliesResponse(families=tuple(page), next_token=token)


def _replace(env: Env, td: TaskDefinition) -> None:
    env.state.task_definitions[td.family or ""][(td.revision or 1) - 1] = td


@handles(DeregisterTaskDefinitionRequest)
def deregister_task_definition(env: Env, req: DeregisterTaskDefinitionRequest) -> DeregisterTaskDefinitionResponse:
    """DeregisterTaskDefinition: the revision becomes INACTIVE (running tasks keep running)."""
    td = find_task_definition(env, req.task_definition)
    if ":" not in req.task_definition.rsplit("/", 1)[-1]:
        fail("ClientException", "The revision must be specified: family:revision or the full ARN.")
    if td.status == "ACTIVE":
        td = replace(td, status=TaskDefinitionStatus.INACTIVE, deregistered_at=env.clock.now())
        _replace(env, td)
    return DeregisterTaskDefinitionResponse(task_definition=td)


@handles(DeleteTaskDefinitionsRequest)
def delete_task_definitions(env: Env, req: DeleteTaskDefinitionsRequest) -> DeleteTaskDefinitionsResponse:
    """DeleteTaskDefinitions: only INACTIVE revisions; each becomes DELETE_IN_PROGRESS."""
    deleted: list[TaskDefinition] = []
    failures: list[Failure] = []
    for ref in req.task_definitions:
        try:
            td = find_task_definition(env, ref)
        except BackendError:  # an unknown revision is a per-item failure here, not an error
            failures.append(Failure(arn=ref, reason="TASK_DEFINITION_NOT_FOUND"))
            continue
        if td.status != "INACTIVE":
            failures.append(
                Failure(
                    arn=td.task_definition_arn,
                    reason=STILL_ACTIVE,
                )
            )
            continue
        td = replace(td, status=TaskDefinitionStatus.DELETE_IN_PROGRESS, delete_requested_at=env.clock.now())
        _replace(env, td)
        deleted.append(td)
    return DeleteTaskDefinitionsResponse(task_definitions=tuple(deleted), failures=tuple(failures))
