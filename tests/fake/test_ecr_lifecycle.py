"""Lifecycle policies on the fake's ECR: PutLifecyclePolicy, GetLifecyclePolicy, DeleteLifecyclePolicy,
StartLifecyclePolicyPreview and GetLifecyclePolicyPreview, with ECR's errors; previews completing and policies
running in virtual time; the preview waiter; snapshots.

Repositories and images are put in the records directly (:mod:`ecskit.backends.fake.core.ecr_seed`).
"""

from __future__ import annotations

import ast
import datetime
import json
import runpy
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import RepositoryRecord
from ecskit.backends.fake.core.events import LifecycleRun
from ecskit.backends.fake.engine.ecr_lifecycle import FIRST_RUN, PREVIEW_SECONDS
from ecskit.errors import BackendError
from ecskit.models.ecr import (
    DeleteLifecyclePolicyRequest,
    GetLifecyclePolicyPreviewRequest,
    GetLifecyclePolicyRequest,
    ImageIdentifier,
    LifecyclePolicyPreviewFilter,
    LifecyclePolicyPreviewStatus,
    PutLifecyclePolicyRequest,
    StartLifecyclePolicyPreviewRequest,
    TagStatus,
)
from ecskit.operations import find_operation
from tests.support.ecr_lifecycle import keep, older, push, repository, rule, text

DAY = 24 * 3600.0
ARCHIVE = {"type": "transition", "targetStorageClass": "archive"}
POLICY = text(keep(1, 1, tagPatternList=["v*"]), older(2, 7))
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def repo(fake: FakeBackend) -> RepositoryRecord:
    """``app``: two tagged images (v1 older) and two untagged ones (one 10 days old, one fresh)."""
    made = repository(fake)
    push(made, fake, "v1", days=20)
    push(made, fake, "v2", days=5)
    push(made, fake, days=10)
    push(made, fake, days=1)
    return made


def _put(fake: FakeBackend, policy: str = POLICY, name: str = "app") -> None:
    fake.ecr.put_lifecycle_policy(PutLifecyclePolicyRequest(repository_name=name, lifecycle_policy_text=policy))


def _code(call: Any) -> BackendError:
    with pytest.raises(BackendError) as info:
        call()
    return info.value


def _tags(repo: RepositoryRecord) -> list[list[str]]:
    return [image.tags for image in repo.store.images.values()]


# ---------------------------------------------------------------------------------------------------------------------
# Put, get, delete


def test_put_keeps_the_policy_as_compact_json_and_get_shows_it(fake: FakeBackend, repo: RepositoryRecord) -> None:
    """The AWS CLI examples put a pretty-printed policy.json and get it back compact, members in order."""
    answer = fake.ecr.put_lifecycle_policy(
        PutLifecyclePolicyRequest(repository_name="app", lifecycle_policy_text=POLICY)
    )
    compact = json.dumps(json.loads(POLICY), separators=(",", ":"))
    assert (answer.registry_id, answer.repository_name, answer.lifecycle_policy_text) == (
        "123456789012",
        "app",
        compact,
    )
    got = fake.ecr.get_lifecycle_policy(GetLifecyclePolicyRequest(repository_name="app"))
    assert got.lifecycle_policy_text == compact
    assert got.last_evaluated_at == NEVER  # has not run yet: 0, as ECR shows it


def test_delete_answers_with_the_policy_and_removes_it(fake: FakeBackend, repo: RepositoryRecord) -> None:
    _put(fake)
    deleted = fake.ecr.delete_lifecycle_policy(DeleteLifecyclePolicyRequest(repository_name="app"))
    assert json.loads(deleted.lifecycle_policy_text or "") == json.loads(POLICY)
    assert deleted.last_evaluated_at == NEVER
    error = _code(lambda: fake.ecr.get_lifecycle_policy(GetLifecyclePolicyRequest(repository_name="app")))
    assert error.code == "LifecyclePolicyNotFoundException"


def test_a_missing_policy_is_lifecycle_policy_not_found(fake: FakeBackend, repo: RepositoryRecord) -> None:
    ecr = fake.client("ecr")
    for call in (ecr.get_lifecycle_policy, ecr.delete_lifecycle_policy, ecr.start_lifecycle_policy_preview):
        with pytest.raises(ClientError) as info:
            call(repositoryName="app")
        assert info.value.response["Error"] == {
            "Code": "LifecyclePolicyNotFoundException",
            "Message": "Lifecycle policy does not exist for the repository with name 'app' in the registry with id "
            "'123456789012'",
        }


@pytest.mark.parametrize(
    "call",
    [
        lambda ecr: ecr.put_lifecycle_policy(repositoryName="nope", lifecyclePolicyText=POLICY),
        lambda ecr: ecr.get_lifecycle_policy(repositoryName="nope"),
        lambda ecr: ecr.delete_lifecycle_policy(repositoryName="nope"),
        lambda ecr: ecr.start_lifecycle_policy_preview(repositoryName="nope", lifecyclePolicyText=POLICY),
        lambda ecr: ecr.get_lifecycle_policy_preview(repositoryName="nope"),
    ],
)
def test_a_missing_repository_is_repository_not_found(fake: FakeBackend, call: Any) -> None:
    with pytest.raises(ClientError) as info:
        call(fake.client("ecr"))
    assert info.value.response["Error"] == {
        "Code": "RepositoryNotFoundException",
        "Message": "The repository with name 'nope' does not exist in the registry with id '123456789012'",
    }


WRAP = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: "


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            text(rule(1, tagStatus="tagged", countType="imageCountMoreThan", countNumber=5)),
            WRAP + "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.'",
        ),
        (
            text(keep(1, 10, "any"), older(2, 7)),
            WRAP + "Rule for tagStatus=ANY must have the lowest priority per storage class'",
        ),
        (
            text(older(1, 7), keep(2, 3, "untagged")),
            WRAP + "Only one rule can select Untagged images per storage class.'",
        ),
        ("this is not JSON " * 10, WRAP + "Could not map policyString into LifecyclePolicy.'"),
        (json.dumps({"rules": [keep(1, 0, "untagged")], "comment": "x" * 80}), WRAP + "comment: unknown key"),
        (text(keep(1, 0, "untagged")), WRAP + "countNumber 0 is not positive'"),
        (text(keep(1, 1, tagPatternList=["a*b*c*d*e*"])), WRAP + "pattern 'a*b*c*d*e*' has 5 wildcards'"),
    ],
)
def test_an_invalid_policy_is_refused_with_ecrs_text_and_changes_nothing(
    fake: FakeBackend, repo: RepositoryRecord, policy: str, message: str
) -> None:
    """ECR refuses with InvalidParameterException and "Invalid parameter at 'LifecyclePolicyText' failed to satisfy
    constraint: 'Lifecycle policy validation failure: ...'" (as quoted in
    https://github.com/cloudposse/terraform-aws-ecr/pull/132); the detail is the validation rule's own."""
    _put(fake)
    queued = fake.queued()
    ecr = fake.client("ecr")
    for call in (ecr.put_lifecycle_policy, ecr.start_lifecycle_policy_preview):
        with pytest.raises(ClientError) as info:
            call(repositoryName="app", lifecyclePolicyText=policy)
        assert info.value.response["Error"]["Code"] == "InvalidParameterException"
        assert info.value.response["Error"]["Message"].startswith(message.removesuffix("'"))
    assert json.loads(repo.lifecycle_policy or "") == json.loads(POLICY)
    assert repo.preview is None
    assert fake.queued() == queued


@pytest.mark.parametrize(
    ("length", "bound"), [(99, "greater than or equal to 100"), (30721, "less than or equal to 30720")]
)
def test_the_text_length_is_checked_first(fake: FakeBackend, repo: RepositoryRecord, length: int, bound: str) -> None:
    error = _code(lambda: _put(fake, " " * length))
    assert (error.code, error.message) == (
        "InvalidParameterException",
        f"Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length {bound}'",
    )


def test_another_accounts_repository_needs_its_policy(fake: FakeBackend, repo: RepositoryRecord) -> None:
    other = fake.scoped(account="210987654321")
    request = GetLifecyclePolicyRequest(registry_id="123456789012", repository_name="app")
    error = _code(lambda: other.ecr.get_lifecycle_policy(request))
    assert error.code == "AccessDeniedException"
    assert "ecr:GetLifecyclePolicy" in error.message


# ---------------------------------------------------------------------------------------------------------------------
# The policy runs


def test_the_policy_runs_within_a_day_then_daily(fake: FakeBackend, repo: RepositoryRecord) -> None:
    _put(fake)
    fake.advance(FIRST_RUN - 1)
    assert len(repo.store.images) == 4  # not yet
    fake.advance(1)
    # v1: beyond the newest tagged image; the untagged image 10 days old: older than 7 days.
    assert _tags(repo) == [["v2"], []]
    assert repo.store.tag_index() == {"v2": next(iter(repo.store.images))}
    got = fake.ecr.get_lifecycle_policy(GetLifecyclePolicyRequest(repository_name="app"))
    assert got.last_evaluated_at == fake.clock.now()
    fake.advance(5 * DAY)  # the daily runs: the fresh untagged image is now 7 days old, not older than 7 days
    assert len(repo.store.images) == 2
    fake.advance(DAY)  # the next run: 8 days old
    assert _tags(repo) == [["v2"]]


def test_expired_images_leave_list_images_and_describe_images(fake: FakeBackend, repo: RepositoryRecord) -> None:
    ecr = fake.client("ecr")
    if not all(fake.serves(find_operation("ecr", name)) for name in ("ListImages", "DescribeImages")):  # type: ignore[arg-type]
        pytest.skip("ListImages and DescribeImages are not served on this branch yet")
    _put(fake)
    fake.advance(FIRST_RUN)
    left = {i.digest for i in repo.store.images.values()}
    assert {d["imageDigest"] for d in ecr.describe_images(repositoryName="app")["imageDetails"]} == left
    assert {i["imageDigest"] for i in ecr.list_images(repositoryName="app")["imageIds"]} == left


def test_archiving_sets_the_image_status(fake: FakeBackend, repo: RepositoryRecord) -> None:
    archive = rule(1, ARCHIVE, tagStatus="any", countType="sinceImagePulled", countUnit="days", countNumber=3)
    _put(fake, text(archive))
    fake.advance(FIRST_RUN)
    now = fake.clock.now()
    assert [(i.status, i.last_archived_at) for i in repo.store.images.values()] == [
        ("ARCHIVED", now),
        ("ARCHIVED", now),
        ("ARCHIVED", now),
        ("ACTIVE", None),  # pushed a day before the policy, never pulled: 2 days at the run
    ]
    assert _tags(repo) == [["v1"], ["v2"], [], []]  # archived images keep their tags


def test_a_new_policy_replaces_the_schedule_of_the_old(fake: FakeBackend, repo: RepositoryRecord) -> None:
    _put(fake, text(older(1, 100)))
    fake.advance(DAY / 2)
    _put(fake)  # the first run of this one is a day from now; the old one's run at 24 h is dropped
    runs = [q for q in fake.queued() if isinstance(q.event, LifecycleRun)]
    assert len(runs) == 2
    fake.advance(DAY / 2)
    assert len(repo.store.images) == 4
    fake.advance(DAY / 2)
    assert len(repo.store.images) == 2
    assert len([q for q in fake.queued() if isinstance(q.event, LifecycleRun)]) == 1


def test_a_deleted_policy_runs_no_more(fake: FakeBackend, repo: RepositoryRecord) -> None:
    _put(fake)
    fake.ecr.delete_lifecycle_policy(DeleteLifecyclePolicyRequest(repository_name="app"))
    fake.advance(3 * DAY)
    assert len(repo.store.images) == 4
    assert not [q for q in fake.queued() if isinstance(q.event, LifecycleRun)]


def test_referrers_follow_their_subject(fake: FakeBackend) -> None:
    """ "When reference artifacts are present in a repository, Amazon ECR lifecycle policies automatically expire or
    archive those artifacts within 24 hours of the deletion or archival of the subject image.\""""
    made = repository(fake)
    old = push(made, fake, "v1", days=30)
    signature = push(made, fake, "v1.sig", days=30)
    signature.subject = old.digest
    sbom_of_signature = push(made, fake, days=30)
    sbom_of_signature.subject = signature.digest
    push(made, fake, "v2", days=1)
    _put(fake, text(keep(1, 9999, tagPatternList=["*.sig"]), keep(2, 1, tagPatternList=["v*"])))
    fake.advance(FIRST_RUN)
    assert _tags(made) == [["v2"]]


def test_the_images_of_an_index_go_at_the_run_after_it(fake: FakeBackend) -> None:
    """ "If an image is referenced by a manifest list, it cannot be expired or archived without the manifest list being
    deleted or archived first.\""""
    made = repository(fake)
    amd, arm = push(made, fake, days=30), push(made, fake, days=30)
    push(made, fake, "v1", days=30, manifests=(amd.digest, arm.digest))
    push(made, fake, "v2", days=1)
    _put(fake, text(keep(1, 1, tagPatternList=["v*"]), older(2, 7)))
    fake.advance(FIRST_RUN)
    assert _tags(made) == [[], [], ["v2"]]  # the index is gone; its images waited for it
    fake.advance(DAY)
    assert _tags(made) == [["v2"]]


# ---------------------------------------------------------------------------------------------------------------------
# Previews


def test_a_preview_completes_in_virtual_time(fake: FakeBackend, repo: RepositoryRecord) -> None:
    ecr = fake.client("ecr")
    started = ecr.start_lifecycle_policy_preview(repositoryName="app", lifecyclePolicyText=POLICY)
    assert (started["status"], started["lifecyclePolicyText"]) == ("IN_PROGRESS", POLICY)  # the text as given
    pending = ecr.get_lifecycle_policy_preview(repositoryName="app")
    assert (pending["status"], pending["previewResults"]) == ("IN_PROGRESS", [])
    fake.advance(PREVIEW_SECONDS)
    done = ecr.get_lifecycle_policy_preview(repositoryName="app")
    assert done["status"] == "COMPLETE"
    assert done["summary"] == {"expiringImageTotalCount": 2}
    v1, untagged = repo.store.images.values().__iter__().__next__(), list(repo.store.images.values())[2]
    assert done["previewResults"] == [
        {
            "imageTags": ["v1"],
            "imageDigest": v1.digest,
            "imagePushedAt": v1.pushed_at,
            "action": {"type": "EXPIRE"},
            "appliedRulePriority": 1,
            "storageClass": "STANDARD",
        },
        {
            "imageDigest": untagged.digest,
            "imagePushedAt": untagged.pushed_at,
            "action": {"type": "EXPIRE"},
            "appliedRulePriority": 2,
            "storageClass": "STANDARD",
        },
    ]
    assert len(repo.store.images) == 4  # a preview expires nothing


def test_a_preview_of_the_repositorys_own_policy(fake: FakeBackend, repo: RepositoryRecord) -> None:
    _put(fake)
    fake.ecr.start_lifecycle_policy_preview(StartLifecyclePolicyPreviewRequest(repository_name="app"))
    fake.advance(PREVIEW_SECONDS)
    done = fake.ecr.get_lifecycle_policy_preview(GetLifecyclePolicyPreviewRequest(repository_name="app"))
    assert done.lifecycle_policy_text == repo.lifecycle_policy
    assert done.summary is not None
    assert done.summary.expiring_image_total_count == 2


def test_one_preview_at_a_time(fake: FakeBackend, repo: RepositoryRecord) -> None:
    request = StartLifecyclePolicyPreviewRequest(repository_name="app", lifecycle_policy_text=POLICY)
    fake.ecr.start_lifecycle_policy_preview(request)
    error = _code(lambda: fake.ecr.start_lifecycle_policy_preview(request))
    assert (error.code, error.message) == (
        "LifecyclePolicyPreviewInProgressException",
        "The previous lifecycle policy preview request has not completed. Wait and try again.",
    )
    fake.advance(PREVIEW_SECONDS)
    again = fake.ecr.start_lifecycle_policy_preview(request)  # a finished one is replaced
    assert again.status is LifecyclePolicyPreviewStatus.IN_PROGRESS


def test_no_preview_yet_is_preview_not_found(fake: FakeBackend, repo: RepositoryRecord) -> None:
    error = _code(
        lambda: fake.ecr.get_lifecycle_policy_preview(GetLifecyclePolicyPreviewRequest(repository_name="app"))
    )
    assert error.code == "LifecyclePolicyPreviewNotFoundException"


def test_preview_results_filter_select_and_page(fake: FakeBackend) -> None:
    made = repository(fake)
    tagged = [push(made, fake, f"v{n}", days=30 - n) for n in range(5)]
    untagged = [push(made, fake, days=20 - n) for n in range(3)]
    _put(fake, text(keep(1, 1, tagPatternList=["v*"]), older(2, 1)))
    fake.ecr.start_lifecycle_policy_preview(StartLifecyclePolicyPreviewRequest(repository_name="app"))
    fake.advance(PREVIEW_SECONDS)

    def digests(**members: Any) -> list[str]:
        request = GetLifecyclePolicyPreviewRequest(repository_name="app", **members)
        return [r.image_digest or "" for r in fake.ecr.get_lifecycle_policy_preview(request).preview_results or ()]

    assert len(digests()) == 7
    assert digests(filter=LifecyclePolicyPreviewFilter(tag_status=TagStatus.TAGGED)) == [i.digest for i in tagged[:4]]
    assert digests(filter=LifecyclePolicyPreviewFilter(tag_status=TagStatus.UNTAGGED)) == [i.digest for i in untagged]
    assert digests(filter=LifecyclePolicyPreviewFilter(tag_status=TagStatus.ANY)) == digests()
    chosen = (ImageIdentifier(image_tag="v2"), ImageIdentifier(image_digest=untagged[0].digest))
    assert set(digests(image_ids=chosen)) == {tagged[2].digest, untagged[0].digest}
    assert digests(image_ids=(ImageIdentifier(image_tag="v4"),)) == []  # kept: not in the results
    ecr = fake.client("ecr")
    pages = list(
        ecr.get_paginator("get_lifecycle_policy_preview").paginate(
            repositoryName="app", PaginationConfig={"PageSize": 3}
        )
    )
    assert [len(p["previewResults"]) for p in pages] == [3, 3, 1]
    assert all(p["summary"] == {"expiringImageTotalCount": 7} for p in pages)
    with pytest.raises(ClientError, match="Invalid token"):
        ecr.get_lifecycle_policy_preview(repositoryName="app", nextToken="???")


def test_the_waiter_waits_in_virtual_time(fake: FakeBackend, repo: RepositoryRecord) -> None:
    ecr = fake.client("ecr")
    ecr.start_lifecycle_policy_preview(repositoryName="app", lifecyclePolicyText=POLICY)
    ecr.get_waiter("lifecycle_policy_preview_complete").wait(repositoryName="app")
    assert fake.clock.elapsed == PREVIEW_SECONDS  # botocore's waiter: every 5 s
    assert ecr.get_lifecycle_policy_preview(repositoryName="app")["status"] == "COMPLETE"


def test_a_snapshot_keeps_the_schedule_and_the_preview(fake: FakeBackend, repo: RepositoryRecord) -> None:
    _put(fake)
    fake.ecr.start_lifecycle_policy_preview(StartLifecyclePolicyPreviewRequest(repository_name="app"))
    restored = FakeBackend.restore(fake.save())
    assert restored.save() == fake.save()
    restored.advance(PREVIEW_SECONDS)
    done = restored.ecr.get_lifecycle_policy_preview(GetLifecyclePolicyPreviewRequest(repository_name="app"))
    assert done.status is LifecyclePolicyPreviewStatus.COMPLETE
    again = FakeBackend.restore(restored.save())
    assert again.save() == restored.save()
    again.advance(FIRST_RUN)
    assert len(again.records().ecr.repositories["app"].store.images) == 2


def test_the_example_is_short_and_shows_what_is_gone(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "ecr_lifecycle.py"
    source = path.read_text(encoding="utf-8")
    body = source.splitlines()[ast.parse(source).body[0].end_lineno or 0 :]
    assert sum(1 for line in body if line.strip() and not line.strip().startswith("#")) < 30
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "a day later the repository holds: [('release-1',), ('v3',)]"
    assert len([line for line in out if line.startswith("will expire")]) == 4


def test_a_repository_made_again_does_not_run_the_old_ones_schedule(fake: FakeBackend) -> None:
    first = repository(fake)
    push(first, fake, days=30)
    _put(fake, text(older(1, 7)))  # runs at 24 h
    del fake.records().ecr.repositories["app"]
    fake.advance(DAY / 2)
    again = repository(fake)
    push(again, fake, days=30)
    _put(fake, text(older(1, 7)))  # runs at 36 h; the old run at 24 h is not this policy's
    fake.advance(DAY / 2)
    assert len(again.store.images) == 1
    fake.advance(DAY / 2)
    assert len(again.store.images) == 0
