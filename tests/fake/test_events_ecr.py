"""The ECR events the fake sends to EventBridge, compared with AWS's sample events ("Amazon ECR events and
EventBridge", ECR user guide: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html; the
samples are quoted below from that page): image pushes and deletions, archival and restore, referrers, lifecycle
expiry and pull through cache."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_images import RESTORE_SECONDS
from ecskit.backends.fake.engine.ecr_lifecycle import FIRST_RUN
from ecskit.images import TestImage, media, push_image
from ecskit.models.ecr import (
    BatchDeleteImageRequest,
    BatchGetImageRequest,
    CreatePullThroughCacheRuleRequest,
    ImageIdentifier,
    PutLifecyclePolicyRequest,
    TargetStorageClass,
    UpdateImageStorageClassRequest,
)
from tests.support.ecr_lifecycle import keep, text
from tests.support.fake_ecr import repository

#: "Event for a completed image push" (the DELETE sample differs only in action-type).
PUSH_SAMPLE = {
    "version": "0",
    "id": "13cde686-328b-6117-af20-0e5566167482",
    "detail-type": "ECR Image Action",
    "source": "aws.ecr",
    "account": "123456789012",
    "time": "2019-11-16T01:54:34Z",
    "region": "us-west-2",
    "resources": [],
    "detail": {
        "result": "SUCCESS",
        "repository-name": "my-repository-name",
        "image-digest": "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",
        "action-type": "PUSH",
        "image-tag": "latest",
    },
}
#: "Event for an image archival action" and "Event for an image restore action": their details.
ARCHIVE_SAMPLE = {
    "action-type": "UPDATE_STORAGE_CLASS",
    "target-storage-class": "ARCHIVE",
    "image-digest": "sha256:f98d67af8e53a536502bfc600de3266556b06ed635a32d60aa7a5fe6d7e609d7",
    "repository-name": "ubuntu",
    "result": "SUCCESS",
    "manifest-media-type": "application/vnd.oci.image.manifest.v1+json",
    "artifact-media-type": "application/vnd.oci.image.config.v1+json",
}
RESTORE_SAMPLE = {**ARCHIVE_SAMPLE, "target-storage-class": "STANDARD", "last-activated-at": "2025-10-10T19:13:02.74Z"}
#: "Event for a pull through cache action": its detail and resources.
PULL_THROUGH_SAMPLE = {
    "resources": ["arn:aws:ecr:us-west-2:123456789012:repository/docker-hub/alpine"],
    "detail": {
        "rule-version": "1",
        "sync-status": "SUCCESS",
        "ecr-repository-prefix": "docker-hub",
        "repository-name": "docker-hub/alpine",
        "upstream-registry-url": "public.ecr.aws",
        "image-tag": "3.17.2",
        "image-digest": "sha256:4aa08ef415aecc80814cb42fa41b658480779d80c77ab15EXAMPLE",
    },
}


@pytest.fixture
def fake() -> FakeBackend:
    fake = FakeBackend()
    repository(fake, "web")
    return fake


def _actions(fake: FakeBackend, kind: str = "ECR Image Action") -> list[dict[str, Any]]:
    return fake.events.sent(source="aws.ecr", detail_type=kind)


def test_a_push_sends_the_samples_event(fake: FakeBackend) -> None:
    image = TestImage(seed="a")
    push_image(fake, image, repository="web", tag="latest")
    (event,) = _actions(fake)
    assert set(event) == set(PUSH_SAMPLE)
    assert event["resources"] == []
    assert set(event["detail"]) == set(PUSH_SAMPLE["detail"])
    assert event["detail"] == {
        "result": "SUCCESS",
        "repository-name": "web",
        "image-digest": image.digest,
        "action-type": "PUSH",
        "image-tag": "latest",
    }
    assert (event["account"], event["region"]) == ("123456789012", "us-east-1")


def test_a_new_tag_is_a_push_and_an_untagged_push_has_no_tag(fake: FakeBackend) -> None:
    image = TestImage(seed="a")
    push_image(fake, image, repository="web")
    push_image(fake, image, repository="web", tag="v2")  # the same manifest, a new tag
    first, second = (e["detail"] for e in _actions(fake))
    assert "image-tag" not in first
    assert second["image-tag"] == "v2"
    assert first["image-digest"] == second["image-digest"]


def test_a_delete_sends_one_event_per_tag(fake: FakeBackend) -> None:
    image = TestImage(seed="a")
    push_image(fake, image, repository="web", tag="v1")
    push_image(fake, image, repository="web", tag="v2")
    fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_digest=image.digest),))
    )
    deletes = [e["detail"] for e in _actions(fake) if e["detail"]["action-type"] == "DELETE"]
    assert [(d["image-tag"], d["image-digest"], d["result"]) for d in deletes] == [
        ("v1", image.digest, "SUCCESS"),
        ("v2", image.digest, "SUCCESS"),
    ]
    assert set(deletes[0]) == set(PUSH_SAMPLE["detail"])


def test_archive_and_restore_send_the_samples_events(fake: FakeBackend) -> None:
    image = TestImage(seed="a", media_type=media.OCI_MANIFEST)
    push_image(fake, image, repository="web", tag="v1")
    ident = ImageIdentifier(image_tag="v1")
    for target in (TargetStorageClass.ARCHIVE, TargetStorageClass.STANDARD):
        fake.ecr.update_image_storage_class(
            UpdateImageStorageClassRequest(repository_name="web", image_id=ident, target_storage_class=target)
        )
    assert [e["detail"]["action-type"] for e in _actions(fake)] == ["PUSH", "UPDATE_STORAGE_CLASS"]  # restoring
    fake.advance(RESTORE_SECONDS)
    _, archived, restored = (e["detail"] for e in _actions(fake))
    assert set(archived) == set(ARCHIVE_SAMPLE)
    assert set(restored) == set(RESTORE_SAMPLE)
    assert archived["target-storage-class"] == "ARCHIVE"
    assert restored["target-storage-class"] == "STANDARD"
    assert archived["manifest-media-type"] == ARCHIVE_SAMPLE["manifest-media-type"]
    assert archived["artifact-media-type"] == ARCHIVE_SAMPLE["artifact-media-type"]
    assert restored["last-activated-at"] == "2025-01-01T00:20:00.000Z"


def test_referrers_send_referrer_actions(fake: FakeBackend) -> None:
    image = TestImage(seed="a", media_type=media.OCI_MANIFEST)
    sbom = image.referrer("application/spdx+json", seed="sbom")
    push_image(fake, image, repository="web", tag="v1")
    push_image(fake, sbom, repository="web")
    (event,) = _actions(fake, "ECR Referrer Action")
    assert event["detail"]["action-type"] == "PUSH"
    assert event["detail"]["image-digest"] == sbom.digest
    assert event["detail"]["artifact-media-type"] == "application/spdx+json"
    assert event["detail"]["manifest-media-type"] == media.OCI_MANIFEST
    assert [e["detail"]["image-digest"] for e in _actions(fake)] == [image.digest]


def test_a_lifecycle_expiry_deletes_with_delete_events(fake: FakeBackend) -> None:
    """The user guide documents no EXPIRE action type: an expired image is deleted, and "the following event is
    sent when an image is deleted" (see ecskit/backends/fake/engine/ecr_events.py)."""
    old, new = TestImage(seed="old"), TestImage(seed="new")
    push_image(fake, old, repository="web", tag="v1")
    push_image(fake, new, repository="web", tag="v2")
    fake.ecr.put_lifecycle_policy(
        PutLifecyclePolicyRequest(repository_name="web", lifecycle_policy_text=text(keep(1, 1, "any")))
    )
    fake.advance(FIRST_RUN)
    deletes = [e["detail"] for e in _actions(fake) if e["detail"]["action-type"] == "DELETE"]
    assert [(d["image-digest"], d["image-tag"]) for d in deletes] == [(old.digest, "v1")]


def test_a_pull_through_cache_sends_the_samples_event() -> None:
    fake = FakeBackend()
    fake.ecr.create_pull_through_cache_rule(
        CreatePullThroughCacheRuleRequest(ecr_repository_prefix="docker-hub", upstream_registry_url="public.ecr.aws")
    )
    digest = fake.declare_upstream_image("public.ecr.aws", "alpine", "3.17.2")
    fake.ecr.batch_get_image(
        BatchGetImageRequest(repository_name="docker-hub/alpine", image_ids=(ImageIdentifier(image_tag="3.17.2"),))
    )
    (event,) = _actions(fake, "ECR Pull Through Cache Action")
    assert event["resources"] == ["arn:aws:ecr:us-east-1:123456789012:repository/docker-hub/alpine"]
    expected = {**PULL_THROUGH_SAMPLE["detail"], "image-digest": digest}  # type: ignore[dict-item]
    assert event["detail"] == expected
    fake.ecr.batch_get_image(  # cached: no second sync within 24 hours
        BatchGetImageRequest(repository_name="docker-hub/alpine", image_ids=(ImageIdentifier(image_tag="3.17.2"),))
    )
    assert len(_actions(fake, "ECR Pull Through Cache Action")) == 1
