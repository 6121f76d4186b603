"""Daemon task definitions: RegisterDaemonTaskDefinition, DescribeDaemonTaskDefinition, ListDaemonTaskDefinitions,
DeleteDaemonTaskDefinition ("Daemon task definitions",
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-task-definitions.html, and the API
reference of each operation). They are revisions of a family, apart from task definitions; a daemon's tasks run
them (:mod:`~ecskit.backends.fake.engine.daemons`).

* RegisterDaemonTaskDefinition checks the containers, volumes, sizes and roles as RegisterTaskDefinition checks the
  same members for EC2 (the same rules of ecskit's validation: a finding of phase ``api`` refuses the call with its
  AWS code and text; the checks AWS makes of daemon task definitions alone are not documented beyond this); a new
  revision is ACTIVE.
* DescribeDaemonTaskDefinition takes a family (its latest ACTIVE revision), ``family:revision`` or an ARN; one that
  is not there is a ClientException ("Unable to describe daemon task definition.", by analogy with
  DescribeTaskDefinition's text: AWS's is not public).
* ListDaemonTaskDefinitions lists ACTIVE revisions unless ``status`` says DELETE_IN_PROGRESS or ALL, of the family
  given exactly or of the families starting with ``familyPrefix``, the last registered revision of each family only
  with ``revision`` LAST_REGISTERED, by family and revision (``sort`` DESC reverses), 100 a page.
* DeleteDaemonTaskDefinition takes ``family:revision`` or an ARN of an ACTIVE revision: it is DELETE_IN_PROGRESS
  (``deleteRequestedAt``), and DELETED once no daemon runs it any more ("Existing daemons that reference the deleted
  daemon task definition continue to run"); no new daemon or update can use it.
"""

from __future__ import annotations

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.daemons import DaemonDefinitionRecord, as_task_definition
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import find_daemon_definition
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.engine import roles
from ecskit.backends.fake.engine.daemons import finish_deletes
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.verdicts import AS_AWS
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    DaemonTaskDefinition,
    DaemonTaskDefinitionRevisionFilter,
    DaemonTaskDefinitionStatus,
    DaemonTaskDefinitionStatusFilter,
    DeleteDaemonTaskDefinitionRequest,
    DeleteDaemonTaskDefinitionResponse,
    DescribeDaemonTaskDefinitionRequest,
    DescribeDaemonTaskDefinitionResponse,
    ListDaemonTaskDefinitionsRequest,
    ListDaemonTaskDefinitionsResponse,
    RegisterDaemonTaskDefinitionRequest,
    RegisterDaemonTaskDefinitionResponse,
    SortOrder,
)
from ecskit.texts import ecs
from ecskit.validation import validate_task_definition

__all__ = [
    "delete_daemon_task_definition",
    "describe_daemon_task_definition",
    "list_daemon_task_definitions",
    "register_daemon_task_definition",
]


@handles(RegisterDaemonTaskDefinitionRequest)
def register_daemon_task_definition(
    env: Env, req: RegisterDaemonTaskDefinitionRequest
) -> RegisterDaemonTaskDefinitionResponse:
    """RegisterDaemonTaskDefinition (see the module's documentation)."""
    revisions = env.state.daemon_definitions.get(req.family, [])
    revision = len(revisions) + 1
    arn = env.arn(f"daemon-task-definition/{req.family}:{revision}")
    now = env.clock.now()
    by = f"arn:aws:iam::{env.account}:root"
    body = DaemonTaskDefinition(
        daemon_task_definition_arn=arn,
        family=req.family,
        revision=revision,
        task_role_arn=req.task_role_arn,
        execution_role_arn=req.execution_role_arn,
        container_definitions=req.container_definitions,
        volumes=req.volumes or (),
        cpu=req.cpu,
        memory=req.memory,
        status=DaemonTaskDefinitionStatus.ACTIVE,
        registered_at=now,
        registered_by=by,
    )
    form = as_task_definition(body)
    refusals = validate_task_definition(form, config=AS_AWS).refusals
    if refusals:
        fail(refusals[0].aws_code or "ClientException", refusals[0].message)
    roles.check_trust(env, form)
    tags = checked_tags(req.tags)
    record = DaemonDefinitionRecord(
        family=req.family,
        revision=revision,
        arn=arn,
        status=DaemonTaskDefinitionStatus.ACTIVE,
        registered_at=now,
        registered_by=by,
        body=body,
    )
    env.state.daemon_definitions.setdefault(req.family, []).append(record)
    if tags:
        env.state.tags[arn] = tags
    return RegisterDaemonTaskDefinitionResponse(daemon_task_definition_arn=arn)


@handles(DescribeDaemonTaskDefinitionRequest)
def describe_daemon_task_definition(
    env: Env, req: DescribeDaemonTaskDefinitionRequest
) -> DescribeDaemonTaskDefinitionResponse:
    """DescribeDaemonTaskDefinition (see the module's documentation)."""
    record = find_daemon_definition(env, req.daemon_task_definition)
    if record is None:
        refuse(ecs.DAEMON_DEFINITION_NOT_FOUND)
    return DescribeDaemonTaskDefinitionResponse(daemon_task_definition=render.daemon_definition(record))


@handles(ListDaemonTaskDefinitionsRequest)
def list_daemon_task_definitions(env: Env, req: ListDaemonTaskDefinitionsRequest) -> ListDaemonTaskDefinitionsResponse:
    """ListDaemonTaskDefinitions (see the module's documentation)."""
    wanted = req.status or DaemonTaskDefinitionStatusFilter.ACTIVE
    found: list[DaemonDefinitionRecord] = []
    for family in sorted(env.state.daemon_definitions):
        if (req.family is not None and family != req.family) or (
            req.family_prefix and not family.startswith(req.family_prefix)
        ):
            continue
        revisions = env.state.daemon_definitions[family]
        if req.revision == DaemonTaskDefinitionRevisionFilter.LAST_REGISTERED:
            revisions = revisions[-1:]
        found += [r for r in revisions if wanted == DaemonTaskDefinitionStatusFilter.ALL or str(r.status) == wanted]
    if req.sort == SortOrder.DESC:
        found.reverse()
    page, token = paginate(found, req.next_token, req.max_results)
    summaries = tuple(render.daemon_definition_summary(r) for r in page)
    return ListDaemonTaskDefinitionsResponse(daemon_task_definitions=summaries, next_token=token)


@handles(DeleteDaemonTaskDefinitionRequest)
def delete_daemon_task_definition(
    env: Env, req: DeleteDaemonTaskDefinitionRequest
) -> DeleteDaemonTaskDefinitionResponse:
    """DeleteDaemonTaskDefinition (see the module's documentation)."""
    if ":" not in req.daemon_task_definition.rsplit("/", 1)[-1]:
        refuse(ecs.DAEMON_DEFINITION_REVISION)
    record = find_daemon_definition(env, req.daemon_task_definition)
    if record is None:
        refuse(ecs.DAEMON_DEFINITION_NOT_FOUND)
    if not record.active:
        refuse(ecs.DAEMON_DEFINITION_NOT_ACTIVE, status=record.status)
    record.status = DaemonTaskDefinitionStatus.DELETE_IN_PROGRESS
    record.delete_requested_at = env.clock.now()
    finish_deletes(env)
    return DeleteDaemonTaskDefinitionResponse(daemon_task_definition_arn=record.arn)
