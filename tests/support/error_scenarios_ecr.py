"""A scenario for every ECR and ECR Public entry of the table of error texts (:mod:`ecskit.texts.ecr`), by entry id:
see :mod:`tests.support.error_texts`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend, boto
from ecskit.backends.fake.api.ecr import pull_through
from ecskit.backends.fake.engine import ecr_push
from ecskit.images import TestImage, TestIndex, push_image, sha256_digest
from tests.support.ecr_public import put_image as put_public_image
from tests.support.error_texts import Scenario
from tests.support.fake_scanning import enhanced, scanned_on_push

Fake = FakeBackend
M = pytest.MonkeyPatch
_REPO = "arn:aws:ecr:us-east-1:123456789012:repository/web"
_SECRET = "arn:aws:secretsmanager:{region}:{account}:secret:ecr-pullthroughcache/hub-AbCdEf"
_POLICY = '{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", '
_POLICY += '"countUnit": "days", "countNumber": 1}, "action": {"type": "expire"}}]}'


def _ecr(fake: Fake) -> Any:
    return fake.client("ecr")


def _repo(fake: Fake, name: str = "web", **members: Any) -> Any:
    ecr = _ecr(fake)
    ecr.create_repository(repositoryName=name, **members)
    return ecr


def _public(fake: Fake, name: str | None = "site") -> Any:
    client = fake.client("ecr-public")
    if name is not None:
        client.create_repository(repositoryName=name)
    return client


def _upload(fake: Fake, *parts: bytes) -> tuple[Any, str]:
    ecr = _repo(fake)
    upload = ecr.initiate_layer_upload(repositoryName="web")["uploadId"]
    first = 0
    for part in parts:
        ecr.upload_layer_part(
            repositoryName="web",
            uploadId=upload,
            partFirstByte=first,
            partLastByte=first + len(part) - 1,
            layerPartBlob=part,
        )
        first += len(part)
    return ecr, upload


def _complete(fake: Fake, digest: str, *parts: bytes) -> Any:
    ecr, upload = _upload(fake, *parts)
    return ecr.complete_layer_upload(repositoryName="web", uploadId=upload, layerDigests=[digest])


def _pushed(fake: Fake, tag: str = "v1", **repository: Any) -> tuple[Any, TestImage]:
    ecr = _repo(fake, **repository)
    image = TestImage(seed="a")
    push_image(fake, image, repository="web", tag=tag)
    return ecr, image


def _image_id(tag: str = "v1") -> dict[str, str]:
    return {"imageTag": tag}


def _archived(fake: Fake) -> Any:
    ecr, _ = _pushed(fake)
    ecr.update_image_storage_class(repositoryName="web", imageId=_image_id(), targetStorageClass="ARCHIVE")
    return ecr


def _restoring(fake: Fake) -> Any:
    ecr = _archived(fake)
    ecr.update_image_storage_class(repositoryName="web", imageId=_image_id(), targetStorageClass="STANDARD")
    return ecr.update_image_storage_class(repositoryName="web", imageId=_image_id(), targetStorageClass="ARCHIVE")


def _index_of_missing(fake: Fake) -> Any:
    ecr = _repo(fake)
    index = TestIndex(images=(TestImage(seed="a"), TestImage(seed="b")))
    push_image(fake, index.images[0], repository="web")
    return ecr.put_image(repositoryName="web", imageManifest=index.manifest, imageTag="multi")


def _layer_twice(fake: Fake) -> Any:
    ecr, first = _upload(fake, b"data")
    ecr.complete_layer_upload(repositoryName="web", uploadId=first, layerDigests=[sha256_digest(b"data")])
    again = ecr.initiate_layer_upload(repositoryName="web")["uploadId"]
    ecr.upload_layer_part(repositoryName="web", uploadId=again, partFirstByte=0, partLastByte=3, layerPartBlob=b"data")
    return ecr.complete_layer_upload(repositoryName="web", uploadId=again, layerDigests=[sha256_digest(b"data")])


def _gap(fake: Fake) -> Any:
    ecr, upload = _upload(fake)
    return ecr.upload_layer_part(
        repositoryName="web", uploadId=upload, partFirstByte=5, partLastByte=5, layerPartBlob=b"x"
    )


def _put_again(fake: Fake, **members: Any) -> Any:
    ecr, image = _pushed(fake)
    return ecr.put_image(repositoryName="web", imageManifest=image.manifest, **members)


def _scan_enhanced(fake: Fake) -> Any:
    ecr, _ = _pushed(fake)
    enhanced(fake)
    return ecr.start_image_scan(repositoryName="web", imageId=_image_id())


def _scan_again(fake: Fake) -> Any:
    scanned_on_push(fake)
    push_image(fake, TestImage(seed="a"), repository="web", tag="v1")
    return _ecr(fake).start_image_scan(repositoryName="web", imageId=_image_id())


def _parts_limit(fake: Fake, m: M) -> Any:
    m.setattr(ecr_push, "MAX_PARTS", 1)
    return _upload(fake, b"a", b"b")


def _rule(fake: Fake, prefix: str = "hub", **members: Any) -> Any:
    ecr = _ecr(fake)
    args = {
        "upstreamRegistryUrl": "registry-1.docker.io",
        "credentialArn": _SECRET.format(region="us-east-1", account="123456789012"),
    }
    return ecr.create_pull_through_cache_rule(ecrRepositoryPrefix=prefix, **{**args, **members})


def _rules_limit(fake: Fake, m: M) -> Any:
    m.setattr(pull_through, "RULES_PER_REGISTRY", 1)
    _rule(fake, "one")
    return _rule(fake, "two")


def _template(fake: Fake) -> Any:
    ecr = _ecr(fake)
    ecr.create_repository_creation_template(prefix="team", appliedFor=["REPLICATION"])
    return ecr.create_repository_creation_template(prefix="team", appliedFor=["REPLICATION"])


def _lockout(fake: Fake) -> Any:
    deny = {"Effect": "Deny", "Principal": "*", "Action": "ecr:SetRepositoryPolicy"}
    policy = json.dumps({"Version": "2012-10-17", "Statement": [deny]})
    return _repo(fake).set_repository_policy(repositoryName="web", policyText=policy)


def _unchecked(fake: Fake, m: M, service: str) -> Any:
    from botocore.config import Config

    m.setattr(boto, "_config", lambda: Config(user_agent="ecskit-fake", parameter_validation=False))
    return fake.client(service)  # type: ignore[call-overload]


def _other_registry(fake: Fake) -> Any:
    other = fake.scoped(account="999999999999")
    other.client("ecr-public").create_repository(repositoryName="theirs")
    return _public(fake, None).describe_images(registryId="999999999999", repositoryName="theirs")


SCENARIOS: dict[str, Scenario] = {
    # shared forms
    "ecr-constraint": lambda f, m: _ecr(f).create_repository(repositoryName="Web"),
    "ecr-public-constraint": lambda f, m: _public(f, None).create_repository(repositoryName="Site"),
    "ecr-page-token": lambda f, m: _ecr(f).describe_repositories(nextToken="not a token of the fake's"),
    "ecr-max-results": lambda f, m: _ecr(f).list_pull_time_update_exclusions(maxResults=1001),
    "ecr-public-page-token": lambda f, m: _public(f).describe_repositories(nextToken="not a token of the fake's"),
    "ecr-public-max-results": lambda f, m: _public(f).describe_images(repositoryName="site", maxResults=1001),
    "ecr-request-invalid": lambda f, m: _unchecked(f, m, "ecr").describe_repositories(maxResults="ten"),
    "ecr-public-request-invalid": lambda f, m: _unchecked(f, m, "ecr-public").describe_repositories(maxResults="x"),
    "ecr-describe-names-with-paging": lambda f, m: _repo(f).describe_repositories(
        repositoryNames=["web"], maxResults=5
    ),
    # repositories and tags
    "ecr-repository-not-found": lambda f, m: _ecr(f).describe_images(repositoryName="nope"),
    "ecr-repository-exists": lambda f, m: _repo(f).create_repository(repositoryName="web"),
    "ecr-repository-not-empty": lambda f, m: _pushed(f)[0].delete_repository(repositoryName="web"),
    "ecr-tags-invalid": lambda f, m: _repo(f).tag_resource(resourceArn=_REPO, tags=[{"Key": "aws:x", "Value": "v"}]),
    "ecr-too-many-tags": lambda f, m: _repo(f).tag_resource(
        resourceArn=_REPO, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    ),
    # policies
    "ecr-repository-policy-invalid": lambda f, m: _repo(f).set_repository_policy(
        repositoryName="web", policyText='{"Version": "2012-10-17", "Statement": []}'
    ),
    "ecr-registry-policy-invalid": lambda f, m: _ecr(f).put_registry_policy(
        policyText='{"Version": "2012-10-17", "Statement": []}'
    ),
    "ecr-repository-policy-lockout": lambda f, m: _lockout(f),
    "ecr-repository-policy-not-found": lambda f, m: _repo(f).get_repository_policy(repositoryName="web"),
    "ecr-registry-policy-not-found": lambda f, m: _ecr(f).get_registry_policy(),
    "ecr-lifecycle-policy-not-found": lambda f, m: _repo(f).get_lifecycle_policy(repositoryName="web"),
    "ecr-preview-in-progress": lambda f, m: (
        _repo(f).start_lifecycle_policy_preview(repositoryName="web", lifecyclePolicyText=_POLICY),
        _ecr(f).start_lifecycle_policy_preview(repositoryName="web", lifecyclePolicyText=_POLICY),
    ),
    "ecr-preview-not-found": lambda f, m: _repo(f).get_lifecycle_policy_preview(repositoryName="web"),
    "ecr-preview-image-ids": lambda f, m: (
        _repo(f).start_lifecycle_policy_preview(repositoryName="web", lifecyclePolicyText=_POLICY),
        _ecr(f).get_lifecycle_policy_preview(repositoryName="web", imageIds=[_image_id(f"t{i}") for i in range(101)]),
    ),
    # images, layers and pushes
    "ecr-image-not-found": lambda f, m: _repo(f).describe_images(repositoryName="web", imageIds=[_image_id("nope")]),
    "ecr-image-restoring": lambda f, m: _restoring(f),
    "ecr-layer-not-found": lambda f, m: _repo(f).get_download_url_for_layer(
        repositoryName="web", layerDigest=sha256_digest(b"none")
    ),
    "ecr-layer-inaccessible": lambda f, m: (
        _complete(f, sha256_digest(b"loose"), b"loose"),
        _ecr(f).get_download_url_for_layer(repositoryName="web", layerDigest=sha256_digest(b"loose")),
    ),
    "ecr-invalid-layer-part": lambda f, m: _gap(f),
    "ecr-layer-parts-limit": _parts_limit,
    "ecr-empty-upload": lambda f, m: _complete(f, sha256_digest(b"")),
    "ecr-layer-part-too-small": lambda f, m: _complete(f, sha256_digest(b"ab"), b"a", b"b"),
    "ecr-invalid-layer": lambda f, m: _complete(f, sha256_digest(b"other"), b"data"),
    "ecr-layer-exists": lambda f, m: _layer_twice(f),
    "ecr-upload-not-found": lambda f, m: _repo(f).complete_layer_upload(
        repositoryName="web", uploadId="00000000-0000-0000-0000-000000000000", layerDigests=[sha256_digest(b"x")]
    ),
    "ecr-image-digest-mismatch": lambda f, m: _put_again(f, imageTag="v2", imageDigest=sha256_digest(b"else")),
    "ecr-image-tag-exists": lambda f, m: (
        _repo(f, imageTagMutability="IMMUTABLE"),
        push_image(f, TestImage(seed="a"), repository="web", tag="v1"),
        push_image(f, TestImage(seed="b"), repository="web", tag="v2"),
        _ecr(f).put_image(repositoryName="web", imageManifest=TestImage(seed="b").manifest, imageTag="v1"),
    ),
    "ecr-referenced-images-not-found": lambda f, m: _index_of_missing(f),
    "ecr-layers-not-found": lambda f, m: _repo(f).put_image(
        repositoryName="web", imageManifest=TestImage(seed="z").manifest, imageTag="v1"
    ),
    "ecr-image-exists": lambda f, m: _put_again(f, imageTag="v1"),
    # scans
    "ecr-scan-disabled": lambda f, m: _scan_enhanced(f),
    "ecr-image-archived": lambda f, m: _archived(f).start_image_scan(repositoryName="web", imageId=_image_id()),
    "ecr-scan-unsupported": lambda f, m: (
        _repo(f),
        push_image(f, TestIndex(images=(TestImage(seed="a"), TestImage(seed="b"))), repository="web", tag="multi"),
        _ecr(f).start_image_scan(repositoryName="web", imageId=_image_id("multi")),
    ),
    "ecr-scan-quota": lambda f, m: _scan_again(f),
    "ecr-scan-not-found": lambda f, m: _pushed(f)[0].describe_image_scan_findings(
        repositoryName="web", imageId=_image_id()
    ),
    # registry settings, pull through cache, templates
    "ecr-signing-not-found": lambda f, m: _ecr(f).get_signing_configuration(),
    "ecr-exclusion-exists": lambda f, m: (
        _ecr(f).register_pull_time_update_exclusion(principalArn="arn:aws:iam::123456789012:role/ci"),
        _ecr(f).register_pull_time_update_exclusion(principalArn="arn:aws:iam::123456789012:role/ci"),
    ),
    "ecr-exclusion-not-found": lambda f, m: _ecr(f).deregister_pull_time_update_exclusion(
        principalArn="arn:aws:iam::123456789012:role/ci"
    ),
    "ecr-pull-through-not-found": lambda f, m: _ecr(f).delete_pull_through_cache_rule(ecrRepositoryPrefix="hub"),
    "ecr-secret-inaccessible": lambda f, m: _rule(
        f, credentialArn=_SECRET.format(region="us-east-1", account="999999999999")
    ),
    "ecr-secret-not-found": lambda f, m: _rule(
        f, credentialArn=_SECRET.format(region="eu-west-1", account="123456789012")
    ),
    "ecr-pull-through-upstream-prefix": lambda f, m: _rule(f, prefix="ROOT", upstreamRepositoryPrefix="library"),
    "ecr-pull-through-needs-credentials": lambda f, m: _ecr(f).create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io"
    ),
    "ecr-pull-through-exists": lambda f, m: (_rule(f), _rule(f)),
    "ecr-pull-through-limit": _rules_limit,
    "ecr-upstream-unsupported": lambda f, m: _ecr(f).create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry.example.com"
    ),
    "ecr-template-not-found": lambda f, m: _ecr(f).delete_repository_creation_template(prefix="team"),
    "ecr-template-exists": lambda f, m: _template(f),
    # ECR Public
    "ecr-public-region": lambda f, m: f.client("ecr-public", region="us-west-2").get_authorization_token(),
    "ecr-public-access-denied": lambda f, m: _other_registry(f),
    "ecr-public-repository-exists": lambda f, m: _public(f).create_repository(repositoryName="site"),
    "ecr-public-repository-not-empty": lambda f, m: (
        _public(f),
        put_public_image(f, "site", "v1"),
        _public(f, None).delete_repository(repositoryName="site"),
    ),
    "ecr-public-image-not-found": lambda f, m: _public(f).describe_images(
        repositoryName="site", imageIds=[_image_id("nope")]
    ),
    "ecr-public-policy-not-found": lambda f, m: _public(f).get_repository_policy(repositoryName="site"),
    "ecr-public-tags-invalid": lambda f, m: _public(f, None).create_repository(
        repositoryName="site", tags=[{"Key": "k" * 129, "Value": "v"}]
    ),
    "ecr-public-too-many-tags": lambda f, m: _public(f, None).create_repository(
        repositoryName="site", tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    ),
}
