"""Contract: lifecycle policies are put, read, deleted, refused and previewed the same on every backend.

Sources: the ECR API reference (PutLifecyclePolicy, GetLifecyclePolicy, DeleteLifecyclePolicy,
StartLifecyclePolicyPreview, GetLifecyclePolicyPreview); the user guide's "Lifecycle policy properties" ("If you
specify tagged, then you must also specify a tagPrefixList or tagPatternList value") and "Examples of lifecycle
policies" (the imageCountMoreThan example the preview test runs); ECR's text for a repository without a policy as
users quote it: "Lifecycle policy does not exist for the repository with name 'mn-python3' in the registry with id
'XXX'" (iann0036/former2#16).

A preview takes AWS a while: the test waits through the backend's clock (virtual time on the fake, real time on
AWS; moto's clock never waits, and moto has no previews).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecr import (
    DeleteLifecyclePolicyRequest,
    GetLifecyclePolicyPreviewRequest,
    GetLifecyclePolicyPreviewResponse,
    GetLifecyclePolicyRequest,
    ImageActionType,
    LifecyclePolicyPreviewStatus,
    PutLifecyclePolicyRequest,
    StartLifecyclePolicyPreviewRequest,
)
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import image, push, repository

REPO = "contract-ecr-lifecycle"

#: "Keep only one image of the v tags" (the user guide's imageCountMoreThan example, with a prefix).
KEEP_ONE: dict[str, Any] = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "keep the newest v image",
            "selection": {
                "tagStatus": "tagged",
                "tagPrefixList": ["v"],
                "countType": "imageCountMoreThan",
                "countNumber": 1,
            },
            "action": {"type": "expire"},
        }
    ]
}

#: How long a preview may take on AWS before the test gives up (seconds).
PREVIEW_PATIENCE = 600


def test_put_get_delete(backend: Backend) -> None:
    with repository(backend, REPO) as repo:
        ecr = backend.ecr
        put = ecr.put_lifecycle_policy(
            PutLifecyclePolicyRequest(repository_name=REPO, lifecycle_policy_text=json.dumps(KEEP_ONE))
        )
        assert (put.repository_name, put.registry_id) == (REPO, repo.registry_id)
        assert json.loads(put.lifecycle_policy_text or "") == KEEP_ONE
        got = ecr.get_lifecycle_policy(GetLifecyclePolicyRequest(repository_name=REPO))
        assert json.loads(got.lifecycle_policy_text or "") == KEEP_ONE
        deleted = ecr.delete_lifecycle_policy(DeleteLifecyclePolicyRequest(repository_name=REPO))
        assert json.loads(deleted.lifecycle_policy_text or "") == KEEP_ONE
        with pytest.raises(NotFoundError) as info:
            ecr.get_lifecycle_policy(GetLifecyclePolicyRequest(repository_name=REPO))
        assert info.value.code == "LifecyclePolicyNotFoundException"
        assert info.value.message == (
            f"Lifecycle policy does not exist for the repository with name '{REPO}' in the registry with id "
            f"'{repo.registry_id}'"
        )


def _refused(backend: Backend, text: str) -> None:
    """``text`` is refused as a lifecycle policy, and the policy in place stays."""
    ecr = backend.ecr
    ecr.put_lifecycle_policy(
        PutLifecyclePolicyRequest(repository_name=REPO, lifecycle_policy_text=json.dumps(KEEP_ONE))
    )
    with pytest.raises(InvalidRequestError) as info:
        ecr.put_lifecycle_policy(PutLifecyclePolicyRequest(repository_name=REPO, lifecycle_policy_text=text))
    assert info.value.code == "InvalidParameterException"
    got = ecr.get_lifecycle_policy(GetLifecyclePolicyRequest(repository_name=REPO))
    assert json.loads(got.lifecycle_policy_text or "") == KEEP_ONE  # the refusal changed nothing


def test_a_policy_that_is_not_json_is_refused(backend: Backend) -> None:
    with repository(backend, REPO):
        # cut short, as a truncated file is (and longer than the 100 characters botocore asks of a policy)
        _refused(backend, json.dumps(KEEP_ONE)[:-3])


def test_a_tagged_rule_without_tags_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a tagged rule with neither tagPrefixList nor tagPatternList (InvalidParameterException); moto "
        "stores the policy",
    )
    rule = {
        "rulePriority": 1,
        "selection": {"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1},
        "action": {"type": "expire"},
    }
    with repository(backend, REPO):
        _refused(backend, json.dumps({"rules": [rule]}))


def test_no_preview_before_one_is_started(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS answers GetLifecyclePolicyPreview for a repository never previewed with "
        "LifecyclePolicyPreviewNotFoundException; moto does not implement previews (a server error, HTTP 500)",
    )
    with repository(backend, REPO), pytest.raises(NotFoundError) as info:
        backend.ecr.get_lifecycle_policy_preview(GetLifecyclePolicyPreviewRequest(repository_name=REPO))
    assert info.value.code == "LifecyclePolicyPreviewNotFoundException"


def _until_done(backend: Backend) -> GetLifecyclePolicyPreviewResponse:
    """The preview, once it is no longer in progress (waiting through the backend's clock)."""
    waited = 0
    while True:
        got = backend.ecr.get_lifecycle_policy_preview(GetLifecyclePolicyPreviewRequest(repository_name=REPO))
        if got.status != LifecyclePolicyPreviewStatus.IN_PROGRESS or waited >= PREVIEW_PATIENCE:
            return got
        backend.clock.sleep(5)
        waited += 5


def test_a_preview_shows_what_would_expire(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS previews a lifecycle policy (IN_PROGRESS, then COMPLETE with the images it would expire); moto does "
        "not implement StartLifecyclePolicyPreview (a server error, HTTP 500)",
    )
    with repository(backend, REPO):
        pushed = []
        for n in (1, 2, 3):
            pushed.append(push(backend, REPO, image(f"release {n}"), f"v{n}"))
            backend.clock.sleep(1)  # newest push first: each image pushed after the one before
        started = backend.ecr.start_lifecycle_policy_preview(
            StartLifecyclePolicyPreviewRequest(repository_name=REPO, lifecycle_policy_text=json.dumps(KEEP_ONE))
        )
        assert started.repository_name == REPO
        assert started.status == LifecyclePolicyPreviewStatus.IN_PROGRESS
        assert json.loads(started.lifecycle_policy_text or "") == KEEP_ONE

        done = _until_done(backend)
        assert done.status == LifecyclePolicyPreviewStatus.COMPLETE
        expiring = {
            (r.image_digest, r.image_tags, r.action.type if r.action else None, r.applied_rule_priority)
            for r in done.preview_results or ()
        }
        expire = ImageActionType.EXPIRE
        assert expiring == {(pushed[0], ("v1",), expire, 1), (pushed[1], ("v2",), expire, 1)}
        assert done.summary is not None
        assert done.summary.expiring_image_total_count == 2


def test_a_preview_needs_a_policy(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses to preview a repository that has no lifecycle policy when none is given "
        "(LifecyclePolicyNotFoundException); moto does not implement previews (a server error, HTTP 500)",
    )
    with repository(backend, REPO), pytest.raises(NotFoundError) as info:
        backend.ecr.start_lifecycle_policy_preview(StartLifecyclePolicyPreviewRequest(repository_name=REPO))
    assert info.value.code == "LifecyclePolicyNotFoundException"
