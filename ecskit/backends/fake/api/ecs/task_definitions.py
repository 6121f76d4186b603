"""Task definitions: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
ListTaskDefinitionFamilies, DeregisterTaskDefinition, DeleteTaskDefinitions.

Registering runs the same validation users call directly: a finding of phase ``api`` refuses the call with its
AWS code and text; ``runtime`` findings are kept with the revision and play out when its tasks start (see
:mod:`ecskit.backends.fake.engine.lifecycle`). The revision shows what AWS fills in (container defaults, ``volumes``
and ``placementConstraints`` as empty lists: :mod:`ecskit.validation.registered`).

* ListTaskDefinitions' ``familyPrefix`` is a whole family name ("The full family name to filter the
  ListTaskDefinitions results with", the API reference); ListTaskDefinitionFamilies' is a prefix.
* DeleteTaskDefinitions moves INACTIVE revisions to DELETE_IN_PROGRESS, where they stay, described and listed by
  that status (the fake keeps them for ever: no task or service of theirs ever finishes being deleted); revisions
  it cannot delete are ``failures`` with AWS's sentences. A DELETE_IN_PROGRESS revision runs no new task and
  creates or updates no service.
"""

from __future__ import annotations

import attrs

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import resolve_definition
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.engine import roles
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.verdicts import AS_AWS
from ecskit.backends.fake.registry import handles
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
from ecskit.texts import ecs
from ecskit.validation import validate_task_definition
from ecskit.validation.engine import Phase
from ecskit.validation.registered import registered_container
from ecskit.validation.sizes import registered_cpu, registered_memory

__all__ = [
    "delete_task_definitions",
    "deregister_task_definition",
    "describe_task_definition",
    "list_task_definition_families",
    "list_task_definitions",
    "register_task_definition",
]

MAX_REVISIONS = 1_000_000

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
    report = validate_task_definition(req, config=AS_AWS)
    refusals = report.refusals
    if refusals:
        fail(refusals[0].aws_code or "ClientException", refusals[0].message)
    tags = checked_tags(req.tags)
    roles.check_trust(env, req)
    revisions = env.state.definitions.setdefault(req.family, [])
    if len(revisions) >= MAX_REVISIONS:
        refuse(ecs.DEFINITION_REVISIONS)
    revision = len(revisions) + 1
    values = {name: getattr(req, name) for name in _TAKEN}
    mode = str(req.network_mode or "bridge")
    values["container_definitions"] = tuple(registered_container(c, mode) for c in req.container_definitions)
    # "a vCPU value is converted to an integer indicating the CPU units" (and GB to MiB) when registered
    values["cpu"] = registered_cpu(req.cpu) if req.cpu is not None else None
    values["memory"] = registered_memory(req.memory) if req.memory is not None else None
    # AWS shows both lists, empty when none were given (the AWS CLI's example outputs of register-, describe- and
    # deregister-task-definition; tests/fixtures/aws_examples)
    values["volumes"] = req.volumes or ()
    values["placement_constraints"] = req.placement_constraints or ()
    arn = env.arn(f"task-definition/{req.family}:{revision}")
    now = env.clock.now()
    by = f"arn:aws:iam::{env.account}:root"
    body = TaskDefinition(
        **values,
        task_definition_arn=arn,
        revision=revision,
        status=TaskDefinitionStatus.ACTIVE,
        compatibilities=_compatibilities(req),  # type: ignore[arg-type]
        requires_attributes=(),
        registered_at=now,
        registered_by=by,
    )
    record = DefinitionRecord(
        family=req.family,
        revision=revision,
        arn=arn,
        status=TaskDefinitionStatus.ACTIVE,
        registered_at=now,
        registered_by=by,
        body=body,
    )
    record.runtime = report.in_phase(Phase.RUNTIME)
    revisions.append(record)
    if tags:
        env.state.tags[arn] = tags
    return RegisterTaskDefinitionResponse(task_definition=body, tags=req.tags)


def _find(env: Env, ref: str) -> DefinitionRecord:
    found = resolve_definition(env, ref)
    if found is None:
        refuse(ecs.DEFINITION_DESCRIBE_NOT_FOUND)
    return found


@handles(DescribeTaskDefinitionRequest)
def describe_task_definition(env: Env, req: DescribeTaskDefinitionRequest) -> DescribeTaskDefinitionResponse:
    """DescribeTaskDefinition (with its tags when asked for)."""
    record = _find(env, req.task_definition)
    tags = env.state.tags.get(record.arn, ()) if "TAGS" in {str(i) for i in req.include or ()} else None
    return DescribeTaskDefinitionResponse(task_definition=render.task_definition(record), tags=tags)


@handles(ListTaskDefinitionsRequest)
def list_task_definitions(env: Env, req: ListTaskDefinitionsRequest) -> ListTaskDefinitionsResponse:
    """ListTaskDefinitions: ARNs by family then revision (DESC reverses), of one family when ``familyPrefix`` names
    it (the whole name, not a prefix), of ``status`` (ACTIVE unless told)."""
    status = str(req.status or "ACTIVE")
    families = [req.family_prefix] if req.family_prefix else sorted(env.state.definitions)
    found = [
        record.arn for family in families for record in env.state.definitions.get(family, ()) if record.status == status
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
    for family in sorted(env.state.definitions):
        if req.family_prefix and not family.startswith(req.family_prefix):
            continue
        active = any(r.active for r in env.state.definitions[family])
        if status == "ALL" or (status == "ACTIVE") == active:
            found.append(family)
    page, token = paginate(found, req.next_token, req.max_results)
    return ListTaskDefinitionFamiliesResponse(families=tuple(page), next_token=token)


@handles(DeregisterTaskDefinitionRequest)
def deregister_task_definition(env: Env, req: DeregisterTaskDefinitionRequest) -> DeregisterTaskDefinitionResponse:
    """DeregisterTaskDefinition: the revision becomes INACTIVE (running tasks keep running)."""
    record = _find(env, req.task_definition)
    if ":" not in req.task_definition.rsplit("/", 1)[-1]:
        refuse(ecs.DEFINITION_DEREGISTER_REVISION)
    if record.active:
        record.status = TaskDefinitionStatus.INACTIVE
        record.deregistered_at = env.clock.now()
    return DeregisterTaskDefinitionResponse(task_definition=render.task_definition(record))


@handles(DeleteTaskDefinitionsRequest)
def delete_task_definitions(env: Env, req: DeleteTaskDefinitionsRequest) -> DeleteTaskDefinitionsResponse:
    """DeleteTaskDefinitions: only INACTIVE revisions; each becomes DELETE_IN_PROGRESS (one already so is shown as
    it is)."""
    deleted: list[TaskDefinition] = []
    failures: list[Failure] = []
    for ref in req.task_definitions:
        record = resolve_definition(env, ref)
        if record is None:  # an unknown revision is a per-item failure here, not an error
            failures.append(Failure(arn=ref, reason=ecs.DEFINITION_DELETE_NOT_FOUND()))
            continue
        if record.status == TaskDefinitionStatus.ACTIVE:
            failures.append(Failure(arn=record.arn, reason=ecs.DEFINITION_DELETE_STILL_ACTIVE()))
            continue
        if record.status == TaskDefinitionStatus.INACTIVE:
            record.status = TaskDefinitionStatus.DELETE_IN_PROGRESS
            record.delete_requested_at = env.clock.now()
        deleted.append(render.task_definition(record))
    return DeleteTaskDefinitionsResponse(task_definitions=tuple(deleted), failures=tuple(failures))
