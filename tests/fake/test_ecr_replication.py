"""Private image replication on the fake's ECR: which pushes replicate where and when, what the destination gets,
cross-account permissions, DescribeImageReplicationStatus and the "ECR Replication Action" events.

Sources (each test names the line it checks): the user guide's "Private image replication in Amazon ECR" and its
considerations (https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html), "Private registry
permissions" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html), "Amazon ECR events
and EventBridge" (the two replication samples: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html),
aws/containers-roadmap#140 (tag immutability per destination, settings not copied), aws/containers-roadmap#2675 (the
failure code of a registry policy that does not allow the source), and the DescribeImageReplicationStatus API
reference. The engine's choices where AWS says nothing are in ecskit/backends/fake/engine/ecr_replication.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_lifecycle import FIRST_RUN
from ecskit.backends.fake.engine.ecr_replication import ACCESS_DENIED, REPLICATION_SECONDS
from ecskit.codec import from_api
from ecskit.errors import BackendError
from ecskit.images import TestImage, TestIndex, push_image
from ecskit.models.ecr import (
    BatchDeleteImageRequest,
    BatchGetImageRequest,
    CreateRepositoryCreationTemplateRequest,
    DescribeImageReplicationStatusRequest,
    DescribeRepositoriesRequest,
    EncryptionConfiguration,
    EncryptionType,
    ImageIdentifier,
    ImageScanningConfiguration,
    ImageTagMutability,
    ListTagsForResourceRequest,
    PutLifecyclePolicyRequest,
    PutRegistryPolicyRequest,
    PutReplicationConfigurationRequest,
    RCTAppliedFor,
    Tag,
)
from tests.support.ecr_lifecycle import keep, text
from tests.support.fake_ecr import OTHER, OWNER, REGION, grant, policy, refusal, repository

WEST, EU = "us-west-2", "eu-west-1"
APP = "prod/web"


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


def to(region: str, account: str = OWNER) -> dict[str, str]:
    return {"region": region, "registryId": account}


def rule(*destinations: dict[str, str], filters: tuple[str, ...] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"destinations": list(destinations)}
    if filters is not None:
        found["repositoryFilters"] = [{"filter": f, "filterType": "PREFIX_MATCH"} for f in filters]
    return found


def configuration(*rules: dict[str, Any]) -> PutReplicationConfigurationRequest:
    return from_api({"replicationConfiguration": {"rules": list(rules)}}, PutReplicationConfigurationRequest)


def configure(fake: FakeBackend, *rules: dict[str, Any]) -> None:
    fake.ecr.put_replication_configuration(configuration(*rules))


def push(fake: FakeBackend, seed: str, tag: str | None = "v1", name: str = APP, **image: Any) -> str:
    return push_image(fake, TestImage(seed=seed, **image), repository=name, tag=tag).digest


def statuses(fake: FakeBackend, digest: str, name: str = APP) -> list[tuple[str, str, str, str | None]]:
    """(Region, registry, status, failure code) of each destination, through a boto3 client."""
    got = fake.client("ecr").describe_image_replication_status(repositoryName=name, imageId={"imageDigest": digest})
    assert (got["repositoryName"], got["imageId"]["imageDigest"]) == (name, digest)
    return [(s["region"], s["registryId"], s["status"], s.get("failureCode")) for s in got["replicationStatuses"]]


def images(view: FakeBackend, name: str = APP) -> dict[str, list[str]] | None:
    """Digest -> tags of the repository ``name`` of a view, or None when it has no such repository."""
    found = view.records().ecr.repositories.get(name)
    return None if found is None else {i.digest: list(i.tags) for i in found.store.images.values()}


def bus(view: FakeBackend) -> list[dict[str, Any]]:
    return [event.envelope() for event in view.records().bus]


# -- what replicates, where and when ----------------------------------------------------------------------------------


def test_a_push_replicates_to_each_destination_in_virtual_time(fake: FakeBackend) -> None:
    """ "The majority of images replicate in less than 30 minutes": IN_PROGRESS until REPLICATION_SECONDS have
    passed, then COMPLETE, and the destination has the image under its digest and the push's tag."""
    repository(fake, APP)
    configure(fake, rule(to(WEST), to(EU)))
    pushed = TestImage(seed="one", layer_sizes=(3000, 700))
    digest = push_image(fake, pushed, repository=APP, tag="v1").digest
    assert statuses(fake, digest) == [(WEST, OWNER, "IN_PROGRESS", None), (EU, OWNER, "IN_PROGRESS", None)]
    west = fake.scoped(region=WEST)
    fake.advance(REPLICATION_SECONDS - 1)
    assert images(west) is None
    fake.advance(1)
    assert statuses(fake, digest) == [(WEST, OWNER, "COMPLETE", None), (EU, OWNER, "COMPLETE", None)]
    for view in (west, fake.scoped(region=EU)):
        assert images(view) == {digest: ["v1"]}
        pulled = view.ecr.batch_get_image(
            BatchGetImageRequest(repository_name=APP, image_ids=(ImageIdentifier(image_tag="v1"),))
        ).images
        assert pulled is not None
        assert pulled[0].image_manifest == pushed.manifest  # byte for byte


def test_only_pushes_after_the_configuration_replicate(fake: FakeBackend) -> None:
    """ "Only images pushed to a repository after replication is configured are copied"; a tag put on an image is
    a push (PutImage) and replicates it."""
    repository(fake, APP)
    before = push(fake, "before")
    configure(fake, rule(to(WEST)))
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, before) == []
    assert images(fake.scoped(region=WEST)) is None
    push(fake, "before", tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, before) == [(WEST, OWNER, "COMPLETE", None)]
    assert images(fake.scoped(region=WEST)) == {before: ["v2"]}


def test_prefix_filters_choose_the_repositories_and_a_destination_counts_once(fake: FakeBackend) -> None:
    """PREFIX_MATCH filters: "the repository name prefix to configure replication for"; "If no filters are added,
    the contents of all repositories are replicated"."""
    configure(
        fake,
        rule(to(WEST), filters=("prod",)),
        rule(to(EU)),
        rule(to(WEST), to("ap-south-1"), filters=("prod/", "team")),
    )
    found = {}
    for name in ("prod/web", "production", "dev/prod", "team-a/api"):
        repository(fake, name)
        found[name] = [region for region, *_ in statuses(fake, push(fake, name, name=name), name)]
    assert found == {
        "prod/web": [WEST, EU, "ap-south-1"],
        "production": [WEST, EU],
        "dev/prod": [EU],
        "team-a/api": [EU, WEST, "ap-south-1"],
    }


def _refused(fake: FakeBackend, request: PutReplicationConfigurationRequest) -> str | None:
    """The error code ``request`` gets, or None when it is taken."""
    try:
        fake.ecr.put_replication_configuration(request)
    except BackendError as exc:
        return exc.code
    return None


@settings(max_examples=30, deadline=None)
@given(
    filters=st.lists(st.text(alphabet="ab/-_.A", min_size=1, max_size=4), min_size=1, max_size=3),
    name=st.sampled_from(["ab", "ab/a", "a-b", "ba", "a_b/ab", "b.a"]),
)
def test_filters_are_prefixes_or_refused(filters: list[str], name: str) -> None:
    """Any filter list is either refused (InvalidParameterException, the configuration unchanged) or taken, and then
    exactly the names starting with one of its filters replicate."""
    fake = FakeBackend()
    repository(fake, name)
    configure(fake, rule(to(WEST), filters=("zz",)))
    code = _refused(fake, configuration(rule(to(WEST), filters=tuple(filters))))
    assert code in (None, "InvalidParameterException")
    taken = code is None
    digest = push(fake, "any", name=name)
    expected = any(name.startswith(f) for f in filters) if taken else name.startswith("zz")
    assert statuses(fake, digest, name) == ([(WEST, OWNER, "IN_PROGRESS", None)] if expected else [])


def test_a_refused_configuration_changes_nothing(fake: FakeBackend) -> None:
    """Over the limits (10 rules; 25 unique destinations) or malformed filters: InvalidParameterException, and the
    configuration in force still decides what replicates."""
    repository(fake, APP)
    configure(fake, rule(to(WEST), filters=("prod",)))
    for bad in (
        [rule(to(EU))] * 11,
        [rule(*[to(EU, f"{n:012d}") for n in range(26)])],
        [rule(to(EU), filters=("Prod",))],
        [rule(to(REGION))],
    ):
        assert refusal(fake, configuration(*bad)).code == "InvalidParameterException"
    # botocore refuses a filter shorter than 2 itself: only the typed verb reaches the fake
    assert refusal(fake, configuration(rule(to(EU), filters=("p",))), boto=False).code == "InvalidParameterException"
    assert [s[0] for s in statuses(fake, push(fake, "after"))] == [WEST]


# -- what the destination gets ----------------------------------------------------------------------------------------


def test_the_destination_repository_takes_its_creation_template_or_ecrs_defaults(fake: FakeBackend) -> None:
    """Repositories created by replication take the destination's template applied for REPLICATION (the longest
    prefix); else ECR's defaults: "Repository settings aren't replicated" (the source's IMMUTABLE, scan on push and
    KMS are not copied, aws/containers-roadmap#140)."""
    west = fake.scoped(region=WEST)
    for prefix, applied_for in (("prod", RCTAppliedFor.REPLICATION), ("ROOT", RCTAppliedFor.PULL_THROUGH_CACHE)):
        west.ecr.create_repository_creation_template(
            CreateRepositoryCreationTemplateRequest(
                prefix=prefix,
                applied_for=(applied_for,),
                image_tag_mutability=ImageTagMutability.IMMUTABLE,
                resource_tags=(Tag(key="team", value=prefix),),
            )
        )
    configure(fake, rule(to(WEST)))
    for name in (APP, "dev/web"):
        repository(
            fake,
            name,
            image_tag_mutability=ImageTagMutability.IMMUTABLE,
            image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True),
            encryption_configuration=EncryptionConfiguration(encryption_type=EncryptionType.KMS),
        )
        push(fake, name, name=name)
    fake.advance(REPLICATION_SECONDS)
    shown = {
        r.repository_name: r for r in west.ecr.describe_repositories(DescribeRepositoriesRequest()).repositories or ()
    }
    prod, dev = shown[APP], shown["dev/web"]
    assert prod.image_tag_mutability == ImageTagMutability.IMMUTABLE
    assert prod.repository_arn == f"arn:aws:ecr:{WEST}:{OWNER}:repository/{APP}"
    assert west.ecr.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=prod.repository_arn)).tags == (
        Tag(key="team", value="prod"),
    )
    assert (dev.image_tag_mutability, dev.image_scanning_configuration, dev.encryption_configuration) == (
        ImageTagMutability.MUTABLE,
        ImageScanningConfiguration(scan_on_push=False),
        EncryptionConfiguration(encryption_type=EncryptionType.AES256),
    )
    assert west.records().ecr.repositories[APP].created_by == "REPLICATION"


def test_a_templates_lifecycle_policy_runs_in_the_replicated_repository(fake: FakeBackend) -> None:
    """ "Lifecycle policies aren't replicated": the source's does not follow the image, the template's applies to the
    repository replication creates, and runs as a policy set on it would (within a day)."""
    west = fake.scoped(region=WEST)
    west.ecr.create_repository_creation_template(
        CreateRepositoryCreationTemplateRequest(
            prefix="ROOT", applied_for=(RCTAppliedFor.REPLICATION,), lifecycle_policy=text(keep(1, 1, "any"))
        )
    )
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    push(fake, "old", tag="v1")
    newest = push(fake, "new", tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert len(images(west) or {}) == 2
    fake.advance(FIRST_RUN)
    assert images(west) == {newest: ["v2"]}


def test_a_multi_architecture_index_replicates_with_its_images(fake: FakeBackend) -> None:
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    index = TestIndex(images=(TestImage(seed="x", architecture="amd64"), TestImage(seed="x", architecture="arm64")))
    digest = push_image(fake, index, repository=APP, tag="multi").digest
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, digest) == [(WEST, OWNER, "COMPLETE", None)]
    west = fake.scoped(region=WEST)
    assert images(west) == {index.images[0].digest: [], index.images[1].digest: [], digest: ["multi"]}
    got = west.ecr.batch_get_image(
        BatchGetImageRequest(
            repository_name=APP,
            image_ids=(
                ImageIdentifier(image_tag="multi"),
                *(ImageIdentifier(image_digest=i.digest) for i in index.images),
            ),
        )
    )
    assert [i.image_manifest for i in got.images or ()] == [index.manifest, *(i.manifest for i in index.images)]


def test_a_replicated_index_protects_its_images_in_the_destination(fake: FakeBackend) -> None:
    """An image a replicated index names is not deleted there (ImageReferencedByManifestList), even in a repository
    that has deleted images before (the store's index of who names what was already built)."""
    west = fake.scoped(region=WEST)
    repository(west, APP)
    gone = push(west, "deleted in the west")
    west.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name=APP, image_ids=(ImageIdentifier(image_digest=gone),))
    )
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    index = TestIndex(images=(TestImage(seed="y", architecture="amd64"), TestImage(seed="y", architecture="arm64")))
    digest = push_image(fake, index, repository=APP, tag="multi").digest
    fake.advance(REPLICATION_SECONDS)
    child = index.images[0].digest
    answer = west.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name=APP, image_ids=(ImageIdentifier(image_digest=child),))
    )
    assert [(f.failure_code, f.failure_reason) for f in answer.failures or ()] == [
        ("ImageReferencedByManifestList", f"Requested image referenced by manifest list: [{digest}]")
    ]


def test_blobs_the_destination_has_are_reused(fake: FakeBackend) -> None:
    """An image whose layers already exist in the destination repository reuses them: the destination's blob
    records stay as they were, and only the missing blobs arrive."""
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    first = TestImage(seed="shared", layer_sizes=(4000,))
    push_image(fake, first, repository=APP, tag="v1")
    fake.advance(REPLICATION_SECONDS)
    blobs = fake.scoped(region=WEST).records().ecr.repositories[APP].store.blobs
    layer = blobs[first.layers[0].digest]
    second = TestImage(seed="shared", layer_sizes=(4000,), labels={"build": "2"})  # same layer, another config
    push_image(fake, second, repository=APP, tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert blobs[first.layers[0].digest] is layer
    assert set(blobs) == {first.config.digest, second.config.digest, first.layers[0].digest}


def test_an_immutable_destination_keeps_its_tag(fake: FakeBackend) -> None:
    """ "If tag immutability is enabled on a repository and an image is replicated that uses the same tag as an
    existing image, the image is replicated but won't contain the duplicated tag"; a mutable destination moves it
    (the old image stays, untagged)."""
    repository(fake, APP)
    repository(fake.scoped(region=WEST), APP, image_tag_mutability=ImageTagMutability.IMMUTABLE)
    repository(fake.scoped(region=EU), APP)
    configure(fake, rule(to(WEST), to(EU)))
    first = push(fake, "first", tag="latest")
    fake.advance(REPLICATION_SECONDS)
    second = push(fake, "second", tag="latest")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, second) == [(WEST, OWNER, "COMPLETE", None), (EU, OWNER, "COMPLETE", None)]
    assert images(fake.scoped(region=WEST)) == {first: ["latest"], second: []}
    assert images(fake.scoped(region=EU)) == {first: [], second: ["latest"]}


def test_replicas_are_not_replicated_again(fake: FakeBackend) -> None:
    """ "A replication action only occurs once per image push": us-east-1 -> us-west-2 and us-west-2 -> eu-west-1
    copies a push to us-east-1 to us-west-2 only; a push to us-west-2 itself goes on to eu-west-1."""
    west = fake.scoped(region=WEST)
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    configure(west, rule(to(EU)))
    replicated = push(fake, "from the east")
    fake.advance(REPLICATION_SECONDS)
    assert images(west) == {replicated: ["v1"]}
    assert statuses(west, replicated) == []
    assert images(fake.scoped(region=EU)) is None
    direct = push(west, "pushed in the west", tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert images(fake.scoped(region=EU)) == {direct: ["v2"]}


def test_deletes_and_lifecycle_expiry_are_not_replicated(fake: FakeBackend) -> None:
    """ "Registry replication doesn't perform any delete actions"; "lifecycle policies aren't replicated and don't
    have any effect other than on the repository they are defined for"."""
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    deleted, expired, kept = push(fake, "deleted", "a"), push(fake, "expired", "b"), push(fake, "kept", "c")
    fake.advance(REPLICATION_SECONDS)
    fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name=APP, image_ids=(ImageIdentifier(image_digest=deleted),))
    )
    fake.ecr.put_lifecycle_policy(
        PutLifecyclePolicyRequest(repository_name=APP, lifecycle_policy_text=text(keep(1, 1, "any")))
    )
    fake.advance(FIRST_RUN)
    assert images(fake) == {kept: ["c"]}
    assert images(fake.scoped(region=WEST)) == {deleted: ["a"], expired: ["b"], kept: ["c"]}


def test_an_image_deleted_before_its_replication_completes_is_not_replicated(fake: FakeBackend) -> None:
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    digest = push(fake, "short-lived")
    fake.ecr.batch_delete_image(
        BatchDeleteImageRequest(repository_name=APP, image_ids=(ImageIdentifier(image_digest=digest),))
    )
    fake.advance(REPLICATION_SECONDS)
    assert images(fake.scoped(region=WEST)) is None
    assert bus(fake.scoped(region=WEST)) == []


# -- across accounts --------------------------------------------------------------------------------------------------


def allow(view: FakeBackend, *actions: str, **extra: Any) -> None:
    """Put a registry policy in ``view`` that lets the source account take ``actions``."""
    statement = grant({"AWS": f"arn:aws:iam::{OWNER}:root"}, *actions, **extra)
    view.ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=policy(statement)))


def test_another_account_must_allow_the_replication(fake: FakeBackend) -> None:
    """ "For cross-account replication to occur, the private registry destination must grant permission": without a
    registry policy the replication FAILS (DESTINATION_REGISTRY_ACCESS_DENIED, aws/containers-roadmap#2675) and
    nothing is made there; with ecr:ReplicateImage and ecr:CreateRepository it completes."""
    other = fake.scoped(account=OTHER, region=EU)
    repository(fake, APP)
    configure(fake, rule(to(EU, OTHER)))
    refused = push(fake, "refused")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, refused) == [(EU, OTHER, "FAILED", ACCESS_DENIED)]
    assert images(other) is None
    allow(other, "ecr:ReplicateImage", "ecr:CreateRepository")
    taken = push(fake, "taken", tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, taken) == [(EU, OTHER, "COMPLETE", None)]
    assert images(other) == {taken: ["v2"]}


def test_without_create_repository_the_repository_must_be_there(fake: FakeBackend) -> None:
    """ "If the ecr:CreateRepository permission isn't provided, a repository with the same name as the source
    repository must be created manually in your registry. If neither is done, replication fails.\""""
    other = fake.scoped(account=OTHER, region=EU)
    allow(other, "ecr:ReplicateImage")
    repository(fake, APP)
    configure(fake, rule(to(EU, OTHER)))
    refused = push(fake, "no repository")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, refused) == [(EU, OTHER, "FAILED", ACCESS_DENIED)]
    repository(other, APP)
    taken = push(fake, "repository made", tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, taken) == [(EU, OTHER, "COMPLETE", None)]


def test_a_policy_whose_resource_is_not_the_repository_allows_nothing(fake: FakeBackend) -> None:
    """aws/containers-roadmap#2675: a registry policy whose Resource lacked ``ecr:`` (``arn:aws:us-east-2:...``) made
    replication fail with DESTINATION_REGISTRY_ACCESS_DENIED; the ARN of the repositories lets it through."""
    other = fake.scoped(account=OTHER, region=EU)
    repository(fake, APP)
    configure(fake, rule(to(EU, OTHER)))
    actions = ("ecr:ReplicateImage", "ecr:CreateRepository")
    allow(other, *actions, Resource=f"arn:aws:{EU}:{OTHER}:repository/*")
    wrong = push(fake, "wrong arn")
    allow(other, *actions, Resource=f"arn:aws:ecr:{EU}:{OTHER}:repository/*")
    right = push(fake, "right arn", tag="v2")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, wrong) == [(EU, OTHER, "FAILED", ACCESS_DENIED)]
    assert statuses(fake, right) == [(EU, OTHER, "COMPLETE", None)]


def test_a_replication_granted_when_it_started_completes(fake: FakeBackend) -> None:
    """ "If the permission policy for a private registry are changed to remove a permission, any in-progress
    replications previously granted may complete.\""""
    other = fake.scoped(account=OTHER, region=EU)
    allow(other, "ecr:ReplicateImage", "ecr:CreateRepository")
    repository(fake, APP)
    configure(fake, rule(to(EU, OTHER)))
    digest = push(fake, "granted")
    allow(other, "ecr:DescribeImages")  # the replication grant is gone
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, digest) == [(EU, OTHER, "COMPLETE", None)]


def test_replication_within_the_account_needs_no_policy(fake: FakeBackend) -> None:
    """ "By default, you have permission to configure cross-Region replication within your own registry": a
    registry policy of the destination that names other principals only does not stop it."""
    allow(fake.scoped(region=WEST), "ecr:BatchGetImage")
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    digest = push(fake, "same account")
    fake.advance(REPLICATION_SECONDS)
    assert statuses(fake, digest) == [(WEST, OWNER, "COMPLETE", None)]


# -- DescribeImageReplicationStatus -----------------------------------------------------------------------------------


def test_describe_image_replication_status_by_tag_through_the_typed_api(fake: FakeBackend) -> None:
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    digest = push(fake, "typed", tag="v7")
    got = fake.ecr.describe_image_replication_status(
        DescribeImageReplicationStatusRequest(repository_name=APP, image_id=ImageIdentifier(image_tag="v7"))
    )
    assert got.repository_name == APP
    assert got.image_id == ImageIdentifier(image_digest=digest, image_tag="v7")
    assert [(s.region, s.registry_id, s.status, s.failure_code) for s in got.replication_statuses or ()] == [
        (WEST, OWNER, "IN_PROGRESS", None)
    ]


def test_describe_image_replication_status_refusals(fake: FakeBackend) -> None:
    """ImageNotFoundException and RepositoryNotFoundException with ECR's texts (as the other image operations give
    them); an image id naming neither tag nor digest is InvalidParameterException."""
    repository(fake, APP)

    def ask(name: str, **ident: str) -> BackendError:
        request = DescribeImageReplicationStatusRequest(repository_name=name, image_id=ImageIdentifier(**ident))
        return refusal(fake, request)

    missing = ask(APP, image_tag="nope")
    assert (missing.code, missing.message) == (
        "ImageNotFoundException",
        f"The image with imageId {{imageDigest:'null', imageTag:'nope'}} does not exist within the repository with "
        f"name '{APP}' in the registry with id '{OWNER}'",
    )
    gone = ask("ghost", image_tag="v1")
    assert (gone.code, gone.message) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{OWNER}'",
    )
    assert ask(APP).code == "InvalidParameterException"


# -- events -----------------------------------------------------------------------------------------------------------

#: The samples of "Amazon ECR events and EventBridge" (a completed and a failed image replication).
SAMPLE_DETAIL = {
    "result": "SUCCESS",
    "repository-name": "docker-hub/alpine",
    "image-digest": "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234",
    "source-account": "123456789012",
    "action-type": "REPLICATE",
    "source-region": "us-west-2",
    "image-tag": "3.17.2",
}
SAMPLE: dict[str, Any] = {
    "version": "0",
    "id": "c8b133b1-6029-ee73-e2a1-4f466b8ba999",
    "detail-type": "ECR Replication Action",
    "source": "aws.ecr",
    "account": "123456789012",
    "time": "2024-05-08T20:44:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ecr:us-east-1:123456789012:repository/docker-hub/alpine"],
    "detail": SAMPLE_DETAIL,
}
FAILED_DETAIL = {
    "result": "FAILED",
    "repository-name": "my-app",
    "image-digest": "sha256:8g6c3751gf7gc5g47603ege4511d5a80ead5g90f5893543f1489bde2345",
    "source-account": "123456789012",
    "action-type": "REPLICATE",
    "source-region": "us-west-2",
    "image-tag": "latest",
}


def test_the_replication_action_event_has_the_samples_fields() -> None:
    """The sample's event, made by the fake: a push to docker-hub/alpine in us-west-2 replicated to us-east-1 of
    the same account arrives there, naming the destination repository and the source's account and Region."""
    fake = FakeBackend(region="us-west-2")
    repository(fake, "docker-hub/alpine")
    configure(fake, rule(to("us-east-1")))
    digest = push(fake, "alpine", tag="3.17.2", name="docker-hub/alpine")
    fake.advance(REPLICATION_SECONDS)
    [event] = bus(fake.scoped(region="us-east-1"))
    assert list(event) == list(SAMPLE)
    assert list(event["detail"]) == list(SAMPLE_DETAIL)
    variable = {"id", "time"}
    assert {k: v for k, v in event.items() if k not in variable | {"detail"}} == {
        k: v for k, v in SAMPLE.items() if k not in variable | {"detail"}
    }
    assert event["detail"] == {**SAMPLE_DETAIL, "image-digest": digest}
    assert event["time"] == fake.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_failed_replication_sends_the_failed_samples_fields() -> None:
    """The failed sample: result FAILED, the same members; sent in the destination's account and Region as the
    sample is. The destination gets no "ECR Image Action" for a replica (AWS documents that one for pushes)."""
    source = FakeBackend(region="us-west-2")
    repository(source, "my-app")
    configure(source, rule(to("us-east-1", OTHER)), rule(to(EU)))
    digest = push(source, "app", tag="latest", name="my-app")
    source.advance(REPLICATION_SECONDS)
    [failed] = bus(source.scoped(account=OTHER, region="us-east-1"))
    assert (failed["account"], failed["region"], failed["resources"]) == (
        OTHER,
        "us-east-1",
        [f"arn:aws:ecr:us-east-1:{OTHER}:repository/my-app"],
    )
    assert list(failed["detail"]) == list(FAILED_DETAIL)
    assert failed["detail"] == {**FAILED_DETAIL, "image-digest": digest}
    kinds = [e["detail-type"] for e in bus(source.scoped(region=EU))]
    assert kinds == ["ECR Replication Action"]


def test_a_push_without_a_tag_sends_no_image_tag(fake: FakeBackend) -> None:
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    push(fake, "untagged", tag=None)
    fake.advance(REPLICATION_SECONDS)
    [event] = bus(fake.scoped(region=WEST))
    assert "image-tag" not in event["detail"]


# -- saved and restored -----------------------------------------------------------------------------------------------


def test_a_replication_under_way_survives_a_snapshot(fake: FakeBackend) -> None:
    repository(fake, APP)
    configure(fake, rule(to(WEST)))
    digest = push(fake, "saved")
    restored = FakeBackend.restore(fake.save())
    assert statuses(restored, digest) == [(WEST, OWNER, "IN_PROGRESS", None)]
    restored.advance(REPLICATION_SECONDS)
    assert statuses(restored, digest) == [(WEST, OWNER, "COMPLETE", None)]
    assert images(restored.scoped(region=WEST)) == {digest: ["v1"]}
    assert statuses(fake, digest) == [(WEST, OWNER, "IN_PROGRESS", None)]  # the restored copy is a fake of its own
