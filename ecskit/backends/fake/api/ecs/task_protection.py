"""Task scale-in protection: GetTaskProtection and UpdateTaskProtection.

As ECS does it (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html):

* only tasks of a service can be protected; a standalone task is a ``TASK_NOT_VALID`` failure, an unknown one a
  ``MISSING`` failure (up to 10 tasks per UpdateTaskProtection, 100 per GetTaskProtection);
* protection lasts ``expiresInMinutes`` (1 to 2880; 120 by default) of virtual time from the call, and setting it
  again starts the period again; after it, the task reads as unprotected (``protectionEnabled`` false);
* GetTaskProtection without ``tasks`` answers for the cluster's protected tasks.

The service scheduler leaves protected tasks running when it scales in or deploys
(:func:`ecskit.backends.fake.core.find.is_protected`).
"""

from __future__ import annotations

import datetime

from ecskit.backends.fake.core.clusters import ClusterRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.events import Reconcile
from ecskit.backends.fake.core.find import find_cluster, find_task, is_protected
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.backends.fake.engine.tasks import poke_service, service_arn_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    Failure,
    GetTaskProtectionRequest,
    GetTaskProtectionResponse,
    ProtectedTask,
    UpdateTaskProtectionRequest,
    UpdateTaskProtectionResponse,
)
from ecskit.texts import ecs

__all__ = [
    "DEFAULT_MINUTES",
    "MAX_MINUTES",
    "get_task_protection",
    "update_task_protection",
]

#: How long protection lasts when ``expiresInMinutes`` is not given.
DEFAULT_MINUTES = 120
#: The longest protection one call can set (48 hours).
MAX_MINUTES = 2880
_MAX_UPDATE, _MAX_GET = 10, 100


def _shown(env: Env, arn: str) -> ProtectedTask:
    if not is_protected(env, arn):
        return ProtectedTask(task_arn=arn, protection_enabled=False)
    expires = env.clock.now() + datetime.timedelta(seconds=env.state.protection[arn] - env.now)
    return ProtectedTask(task_arn=arn, protection_enabled=True, expiration_date=expires)


def _check_count(tasks: tuple[str, ...], limit: int) -> None:
    if not tasks:
        refuse(ecs.TASKS_EMPTY)
    if len(tasks) > limit:
        refuse(ecs.TASKS_TOO_MANY, limit=limit)


def _lookup(env: Env, cluster: ClusterRecord, ref: str) -> TaskRecord | Failure:
    task = find_task(env, cluster, ref)
    if task is None:
        arn = ref if ref.startswith("arn:") else env.arn(f"task/{cluster.name}/{ref}")
        return Failure(arn=arn, reason="MISSING")
    if task.service_name is None or task.last_status == "STOPPED":
        return Failure(arn=task.arn, reason="TASK_NOT_VALID", detail="The task is not a running task of a service.")
    return task


@handles(UpdateTaskProtectionRequest)
def update_task_protection(env: Env, req: UpdateTaskProtectionRequest) -> UpdateTaskProtectionResponse:
    """UpdateTaskProtection (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster)
    _check_count(req.tasks, _MAX_UPDATE)
    minutes = req.expires_in_minutes if req.expires_in_minutes is not None else DEFAULT_MINUTES
    if req.protection_enabled and not 1 <= minutes <= MAX_MINUTES:
        refuse(ecs.PROTECTION_MINUTES, limit=MAX_MINUTES)
    for arn in [a for a, expiry in env.state.protection.items() if expiry <= env.now or a not in env.state.tasks]:
        del env.state.protection[arn]  # expired, or the task is gone: nothing to keep
    protected: list[ProtectedTask] = []
    failures: list[Failure] = []
    for ref in req.tasks:
        found = _lookup(env, cluster, ref)
        if isinstance(found, Failure):
            failures.append(found)
            continue
        arn = found.arn
        service = service_arn_of(env, found) or ""
        if req.protection_enabled:
            env.state.protection[arn] = env.now + minutes * 60.0
            # the scheduler leaves the task alone until then: look at the service again when protection ends
            env.at(env.state.protection[arn], Reconcile(service=service))
        else:
            env.state.protection.pop(arn, None)
            poke_service(env, service)
        protected.append(_shown(env, arn))
    return UpdateTaskProtectionResponse(protected_tasks=tuple(protected), failures=tuple(failures))


@handles(GetTaskProtectionRequest)
def get_task_protection(env: Env, req: GetTaskProtectionRequest) -> GetTaskProtectionResponse:
    """GetTaskProtection (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster)
    if req.tasks is None:
        arns = [arn for arn, task in env.state.tasks.items() if task.cluster == cluster.name and is_protected(env, arn)]
        return GetTaskProtectionResponse(protected_tasks=tuple(_shown(env, a) for a in arns), failures=())
    _check_count(req.tasks, _MAX_GET)
    protected: list[ProtectedTask] = []
    failures: list[Failure] = []
    for ref in req.tasks:
        found = _lookup(env, cluster, ref)
        if isinstance(found, Failure):
            failures.append(found)
        else:
            protected.append(_shown(env, found.arn))
    return GetTaskProtectionResponse(protected_tasks=tuple(protected), failures=tuple(failures))
