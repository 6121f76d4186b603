"""Lifecycle policies of ECR repositories: PutLifecyclePolicy, GetLifecyclePolicy, DeleteLifecyclePolicy,
StartLifecyclePolicyPreview and GetLifecyclePolicyPreview (what the policy does, and when, is
:mod:`~ecskit.backends.fake.engine.ecr_lifecycle`'s).

ECR's texts, and where they are shown: a missing policy is "Lifecycle policy does not exist for the repository with
name '<name>' in the registry with id '<account>'" (``aws ecr get-lifecycle-policy`` output quoted by users; moto
answers the same); a policy that never ran shows ``lastEvaluatedAt`` 0, 1970-01-01T00:00:00Z
(https://github.com/cloud-custodian/cloud-custodian/issues/9036 shows a GetLifecyclePolicy answer with it). The
preview's two errors have no public copy of their text: they say what the API reference says of them, in ECR's
form.
"""

from __future__ import annotations

import datetime
from typing import NoReturn

from ecskit.backends.fake.core.ecr import RepositoryRecord, find_repository
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine import ecr_lifecycle
from ecskit.backends.fake.engine.ecr_access import authorize, target
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    DeleteLifecyclePolicyRequest,
    DeleteLifecyclePolicyResponse,
    GetLifecyclePolicyPreviewRequest,
    GetLifecyclePolicyPreviewResponse,
    GetLifecyclePolicyRequest,
    GetLifecyclePolicyResponse,
    LifecyclePolicyPreviewResult,
    LifecyclePolicyPreviewStatus,
    PutLifecyclePolicyRequest,
    PutLifecyclePolicyResponse,
    StartLifecyclePolicyPreviewRequest,
    StartLifecyclePolicyPreviewResponse,
    TagStatus,
)
from ecskit.texts import ecr

__all__ = [
    "delete_lifecycle_policy",
    "get_lifecycle_policy",
    "get_lifecycle_policy_preview",
    "put_lifecycle_policy",
    "start_lifecycle_policy_preview",
]

#: ``lastEvaluatedAt`` of a policy that has not run yet.
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
#: GetLifecyclePolicyPreview's ``imageIds``: 1 to 100 (botocore's service model).
MAX_IMAGE_IDS = 100


def _repository(env: Env, registry_id: str | None, name: str, action: str) -> tuple[Env, RepositoryRecord]:
    """The registry a call names and its repository ``name`` (RepositoryNotFoundException), if the caller may take
    ``action`` on it."""
    where = target(env, registry_id)
    repository = find_repository(where.state.ecr, name, where.account)
    authorize(env, where, repository, action)
    return where, repository


def _no_policy(where: Env, name: str) -> NoReturn:
    refuse(ecr.LIFECYCLE_NOT_FOUND, name=name, registry=where.account)


@handles(PutLifecyclePolicyRequest)
def put_lifecycle_policy(env: Env, req: PutLifecyclePolicyRequest) -> PutLifecyclePolicyResponse:
    """PutLifecyclePolicy: sets (or replaces) the policy; it first runs within 24 hours."""
    where, repository = _repository(env, req.registry_id, req.repository_name, "ecr:PutLifecyclePolicy")
    ecr_lifecycle.read_policy_text(req.lifecycle_policy_text)
    ecr_lifecycle.set_policy(where, repository, req.lifecycle_policy_text)
    return PutLifecyclePolicyResponse(
        registry_id=where.account,
        repository_name=repository.name,
        lifecycle_policy_text=repository.lifecycle_policy,
    )


@handles(GetLifecyclePolicyRequest)
def get_lifecycle_policy(env: Env, req: GetLifecyclePolicyRequest) -> GetLifecyclePolicyResponse:
    """GetLifecyclePolicy: the policy as kept, and when it last ran."""
    where, repository = _repository(env, req.registry_id, req.repository_name, "ecr:GetLifecyclePolicy")
    if repository.lifecycle_policy is None:
        _no_policy(where, repository.name)
    return GetLifecyclePolicyResponse(
        registry_id=where.account,
        repository_name=repository.name,
        lifecycle_policy_text=repository.lifecycle_policy,
        last_evaluated_at=repository.lifecycle_run_at or NEVER,
    )


@handles(DeleteLifecyclePolicyRequest)
def delete_lifecycle_policy(env: Env, req: DeleteLifecyclePolicyRequest) -> DeleteLifecyclePolicyResponse:
    """DeleteLifecyclePolicy: answers with the policy deleted; no run of it follows."""
    where, repository = _repository(env, req.registry_id, req.repository_name, "ecr:DeleteLifecyclePolicy")
    text = repository.lifecycle_policy
    if text is None:
        _no_policy(where, repository.name)
    ran = repository.lifecycle_run_at or NEVER
    ecr_lifecycle.clear_policy(repository)
    return DeleteLifecyclePolicyResponse(
        registry_id=where.account, repository_name=repository.name, lifecycle_policy_text=text, last_evaluated_at=ran
    )


@handles(StartLifecyclePolicyPreviewRequest)
def start_lifecycle_policy_preview(
    env: Env, req: StartLifecyclePolicyPreviewRequest
) -> StartLifecyclePolicyPreviewResponse:
    """StartLifecyclePolicyPreview: of the policy given, or else of the repository's own; one at a time."""
    where, repository = _repository(env, req.registry_id, req.repository_name, "ecr:StartLifecyclePolicyPreview")
    text = req.lifecycle_policy_text if req.lifecycle_policy_text is not None else repository.lifecycle_policy
    if text is None:
        _no_policy(where, repository.name)
    if ecr_lifecycle.preview_in_progress(repository):
        refuse(ecr.PREVIEW_IN_PROGRESS)
    ecr_lifecycle.read_policy_text(text)
    ecr_lifecycle.start_preview(where, repository, text)
    return StartLifecyclePolicyPreviewResponse(
        registry_id=where.account,
        repository_name=repository.name,
        lifecycle_policy_text=text,
        status=LifecyclePolicyPreviewStatus.IN_PROGRESS,
    )


def _wanted(result: LifecyclePolicyPreviewResult, req: GetLifecyclePolicyPreviewRequest) -> bool:
    """Whether a result passes the request's ``filter`` (tag status) and ``imageIds``."""
    tags = result.image_tags or ()
    status = req.filter.tag_status if req.filter is not None else None
    if (status == TagStatus.TAGGED and not tags) or (status == TagStatus.UNTAGGED and tags):
        return False
    if not req.image_ids:
        return True
    return any(
        (ident.image_digest is None or ident.image_digest == result.image_digest)
        and (ident.image_tag is None or ident.image_tag in tags)
        and (ident.image_digest is not None or ident.image_tag is not None)
        for ident in req.image_ids
    )


@handles(GetLifecyclePolicyPreviewRequest)
def get_lifecycle_policy_preview(env: Env, req: GetLifecyclePolicyPreviewRequest) -> GetLifecyclePolicyPreviewResponse:
    """GetLifecyclePolicyPreview: IN_PROGRESS, then COMPLETE with the images acted on (filtered, paged) and the
    summary. ``imageIds`` with ``maxResults`` or ``nextToken`` is served (the reference says they do not go
    together, but not that ECR refuses it: the lenient side)."""
    where, repository = _repository(env, req.registry_id, req.repository_name, "ecr:GetLifecyclePolicyPreview")
    preview = repository.preview
    if preview is None:
        refuse(ecr.PREVIEW_NOT_FOUND, name=repository.name, registry=where.account)
    if req.image_ids is not None and not 1 <= len(req.image_ids) <= MAX_IMAGE_IDS:
        refuse(ecr.PREVIEW_IMAGE_IDS, limit=MAX_IMAGE_IDS)
    done = preview.results is not None
    chosen = [r for r in preview.results or () if _wanted(r, req)]
    page, token = paginate(chosen, req.next_token, req.max_results, texts=ECR_PAGING)
    return GetLifecyclePolicyPreviewResponse(
        registry_id=where.account,
        repository_name=repository.name,
        lifecycle_policy_text=preview.policy,
        status=LifecyclePolicyPreviewStatus.COMPLETE if done else LifecyclePolicyPreviewStatus.IN_PROGRESS,
        next_token=token,
        preview_results=tuple(page),
        summary=preview.summary,
    )
