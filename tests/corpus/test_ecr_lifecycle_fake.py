"""Every real lifecycle policy of the corpus through the fake's ECR and the offline preview.

A policy the validator finds no error in (its verdict pinned in test_verdicts.py) is accepted by PutLifecyclePolicy,
previewed (StartLifecyclePolicyPreview, the waiter, GetLifecyclePolicyPreview COMPLETE) and applied (it runs a day
later) without error, and the offline preview agrees with the fake's. Every other one is refused with
InvalidParameterException and a message that names its problem, and leaves the repository as it was.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_lifecycle import FIRST_RUN, images_of
from ecskit.lifecycle import preview
from ecskit.models.ecr import GetLifecyclePolicyPreviewRequest, ImageActionType
from tests.corpus.test_verdicts import VERDICTS
from tests.support.corpus import corpus_files, corpus_key
from tests.support.ecr_lifecycle import push, repository

LIFECYCLE = corpus_files("ecr-lifecycle")
TAGS = ("v1.0", "prod-1", "main-abc", "release-2", "latest", "pr-12", "develop", "1.2.3", "staging-4", "A1", "x-TEST-y")
#: What a refusal's message says, by the rule that refuses the document.
PROBLEMS = {
    "schema-wrong-type": "Could not map policyString into LifecyclePolicy.",
    "lifecycle-tagged-needs-filter": "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.",
}


def _errors(path: Path) -> list[str]:
    return VERDICTS.get(corpus_key(path), ([], [], ""))[0]


def _fake() -> FakeBackend:
    """A repository of 40 images: tagged and untagged, 0 to 117 days old, a few pulled."""
    fake = FakeBackend()
    repo = repository(fake)
    for n in range(40):
        tags = (f"{TAGS[n % len(TAGS)]}-{n}",) if n % 4 else ()
        pulled = fake.clock.now() - datetime.timedelta(days=n % 5) if n % 7 == 0 else None
        push(repo, fake, *tags, days=120 - 3 * n, last_pulled_at=pulled)
    return fake


def test_the_corpus_has_both_kinds() -> None:
    assert sum(1 for p in LIFECYCLE if not _errors(p)) >= 20
    assert sum(1 for p in LIFECYCLE if _errors(p)) >= 5


@pytest.mark.parametrize("path", LIFECYCLE, ids=[p.stem for p in LIFECYCLE])
def test_each_policy_is_accepted_and_applied_or_refused_clearly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fake = _fake()
    ecr = fake.client("ecr")
    errors = _errors(path)
    if errors:
        for call in (ecr.put_lifecycle_policy, ecr.start_lifecycle_policy_preview):
            with pytest.raises(ClientError) as info:
                call(repositoryName="app", lifecyclePolicyText=text)
            error = info.value.response["Error"]
            assert error["Code"] == "InvalidParameterException"
            assert PROBLEMS[errors[0]] in error["Message"]
        assert fake.records().ecr.repositories["app"].lifecycle_policy is None
        assert not fake.queued()
        return
    ecr.put_lifecycle_policy(repositoryName="app", lifecyclePolicyText=text)
    ecr.start_lifecycle_policy_preview(repositoryName="app")
    ecr.get_waiter("lifecycle_policy_preview_complete").wait(repositoryName="app")
    done = fake.ecr.get_lifecycle_policy_preview(GetLifecyclePolicyPreviewRequest(repository_name="app"))
    repo = fake.records().ecr.repositories["app"]
    offline = preview(text, images_of(repo), now=fake.clock.now())
    assert done.preview_results == offline.results[:100]
    assert done.summary == offline.summary
    # The run, a day after the policy was set, does what a preview at that time says.
    run_at = fake.clock.start + datetime.timedelta(seconds=FIRST_RUN)
    due = {r.image_digest: r.action.type for r in preview(text, images_of(repo), now=run_at).results if r.action}
    before = list(repo.store.images)
    fake.advance(FIRST_RUN - fake.clock.elapsed)
    assert ecr.get_lifecycle_policy(repositoryName="app")["lastEvaluatedAt"] == run_at
    expected = {
        digest: "ARCHIVED" if due.get(digest) is ImageActionType.TRANSITION else "ACTIVE"
        for digest in before
        if due.get(digest) is not ImageActionType.EXPIRE
    }
    assert {digest: image.status for digest, image in repo.store.images.items()} == expected
