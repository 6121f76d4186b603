"""ECR repositories on the fake: CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability,
PutImageScanningConfiguration, tags and GetAuthorizationToken, with ECR's exceptions through both doors.

Sources of the texts (see also ecskit.backends.fake.engine.ecr_repositories):
* repository name: aws-samples/aws-msk-content-streaming#3 and aws/aws-dotnet-deploy#549 (real answers);
* exclusion filters: aws/aws-cdk#35246 (a real CloudFormation answer);
* already exists / not found / not empty: the texts moto records (getmoto/moto, moto/ecr/exceptions.py);
* tags: the API reference's descriptions of InvalidTagParameterException and TooManyTagsException;
* GetAuthorizationToken: the API reference ("valid for 12 hours", base64) and the AWS CLI's example
  (``proxyEndpoint`` ``https://<aws_account_id>.dkr.ecr.us-west-2.amazonaws.com``, the token decodes to ``AWS:...``).
"""

from __future__ import annotations

import base64
import datetime
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import ImageRecord
from ecskit.backends.fake.engine.ecr_repositories import NAME_PATTERN
from ecskit.errors import BackendError
from ecskit.models.ecr import (
    CreateRepositoryRequest,
    DeleteRepositoryRequest,
    DescribeRepositoriesRequest,
    EncryptionConfiguration,
    EncryptionType,
    GetAuthorizationTokenRequest,
    ImageScanningConfiguration,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    ImageTagMutabilityExclusionFilterType,
    ListTagsForResourceRequest,
    PutImageScanningConfigurationRequest,
    PutImageTagMutabilityRequest,
    Tag,
    TagResourceRequest,
    UntagResourceRequest,
)
from tests.support.fake_ecr import OWNER, REGION, refusal, repository

ARN = f"arn:aws:ecr:{REGION}:{OWNER}:repository/web"
WILDCARD = ImageTagMutabilityExclusionFilterType.WILDCARD


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


# -- CreateRepository -------------------------------------------------------------------------------------------------


def test_a_new_repository_with_ecrs_defaults(fake: FakeBackend) -> None:
    created = repository(fake, "project-a/nginx-web-app")
    assert created.repository_arn == f"arn:aws:ecr:{REGION}:{OWNER}:repository/project-a/nginx-web-app"
    assert created.repository_uri == f"{OWNER}.dkr.ecr.{REGION}.amazonaws.com/project-a/nginx-web-app"
    assert created.registry_id == OWNER
    assert created.created_at == fake.clock.now()
    assert created.image_tag_mutability is ImageTagMutability.MUTABLE
    assert created.image_scanning_configuration == ImageScanningConfiguration(scan_on_push=False)
    assert created.encryption_configuration == EncryptionConfiguration(encryption_type=EncryptionType.AES256)
    described = fake.client("ecr").describe_repositories()["repositories"]
    assert [r["repositoryArn"] for r in described] == [created.repository_arn]
    assert described[0]["encryptionConfiguration"] == {"encryptionType": "AES256"}


def test_settings_are_kept_and_shown(fake: FakeBackend) -> None:
    filters = (ImageTagMutabilityExclusionFilter(filter_type=WILDCARD, filter="latest"),)
    created = repository(
        fake,
        "immutable",
        image_tag_mutability=ImageTagMutability.IMMUTABLE_WITH_EXCLUSION,
        image_tag_mutability_exclusion_filters=filters,
        image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True),
        encryption_configuration=EncryptionConfiguration(encryption_type=EncryptionType.KMS_DSSE, kms_key="alias/k"),
    )
    assert created.image_tag_mutability is ImageTagMutability.IMMUTABLE_WITH_EXCLUSION
    assert created.image_tag_mutability_exclusion_filters == filters
    assert created.image_scanning_configuration == ImageScanningConfiguration(scan_on_push=True)
    assert created.encryption_configuration == EncryptionConfiguration(
        encryption_type=EncryptionType.KMS_DSSE, kms_key="alias/k"
    )
    named = DescribeRepositoriesRequest(repository_names=("immutable",))
    assert fake.ecr.describe_repositories(named).repositories == (created,)


def test_kms_without_a_key_uses_the_accounts_aws_managed_key(fake: FakeBackend) -> None:
    kms = EncryptionConfiguration(encryption_type=EncryptionType.KMS)
    first = repository(fake, "one", encryption_configuration=kms).encryption_configuration
    second = repository(fake, "two", encryption_configuration=kms).encryption_configuration
    assert first is not None
    assert second is not None
    assert first.kms_key is not None
    assert re.fullmatch(rf"arn:aws:kms:{REGION}:{OWNER}:key/[0-9a-f-]{{36}}", first.kms_key)
    assert second.kms_key == first.kms_key


@pytest.mark.parametrize("name", ["web", "a__b", "a--b", "a-b_c.d", "team/app", "team/sub/app-1", "x" * 256])
def test_names_ecr_takes(fake: FakeBackend, name: str) -> None:
    assert repository(fake, name).repository_name == name


@pytest.mark.parametrize("name", ["Web", "-web", "web-", "web/", "/web", "team//app", "we b", "web.", "a_-b"])
def test_names_ecr_refuses(fake: FakeBackend, name: str) -> None:
    error = refusal(fake, CreateRepositoryRequest(repository_name=name))
    assert (error.code, error.message) == (
        "InvalidParameterException",
        f"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression "
        f"'{NAME_PATTERN}''",
    )


def test_name_lengths(fake: FakeBackend) -> None:
    # botocore refuses a one-character name itself (min length 2): only the typed verb reaches the fake.
    short = refusal(fake, CreateRepositoryRequest(repository_name="a"), boto=False)
    assert short.message == "Invalid parameter at 'repositoryName' failed to satisfy constraint: " + (
        "'must have length greater than or equal to 2'"
    )
    long = refusal(fake, CreateRepositoryRequest(repository_name="a" * 257))
    assert long.message.endswith("'must have length less than or equal to 256'")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab0._-/A ", min_size=2, max_size=12))
def test_a_name_is_taken_exactly_when_it_fits_ecrs_pattern(name: str) -> None:
    fake = FakeBackend()
    if re.fullmatch(NAME_PATTERN, name) is not None:
        assert repository(fake, name).repository_name == name
    else:
        with pytest.raises(BackendError) as refused:
            repository(fake, name)
        assert refused.value.code == "InvalidParameterException"


def test_a_taken_name(fake: FakeBackend) -> None:
    repository(fake)
    error = refusal(fake, CreateRepositoryRequest(repository_name="web"))
    assert (error.code, error.message) == (
        "RepositoryAlreadyExistsException",
        f"The repository with name 'web' already exists in the registry with id '{OWNER}'",
    )


@pytest.mark.parametrize("mutability", ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"])
def test_exclusion_mutability_needs_filters(fake: FakeBackend, mutability: str) -> None:
    error = refusal(
        fake, CreateRepositoryRequest(repository_name="web", image_tag_mutability=ImageTagMutability(mutability))
    )
    assert (error.code, error.message) == (
        "InvalidParameterException",
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
        f"'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as {mutability}'",
    )


@pytest.mark.parametrize(
    ("mutability", "filters"),
    [
        (ImageTagMutability.IMMUTABLE, ("latest",)),
        (ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, ("has space",)),
        (ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, ("a", "b", "c", "d", "e", "f")),
    ],
)
def test_exclusion_filters_ecr_refuses(
    fake: FakeBackend, mutability: ImageTagMutability, filters: tuple[str, ...]
) -> None:
    request = CreateRepositoryRequest(
        repository_name="web",
        image_tag_mutability=mutability,
        image_tag_mutability_exclusion_filters=tuple(
            ImageTagMutabilityExclusionFilter(filter_type=WILDCARD, filter=f) for f in filters
        ),
    )
    error = refusal(fake, request)
    assert error.code == "InvalidParameterException"
    assert error.message.startswith("Invalid parameter at 'imageTagMutabilityExclusionFilters'")


# -- tags -------------------------------------------------------------------------------------------------------------


def _tags(fake: FakeBackend, arn: str = ARN) -> list[tuple[str, str]]:
    return [
        (t.key, t.value)
        for t in fake.ecr.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags or ()
    ]


def test_tags_are_kept_replaced_and_removed(fake: FakeBackend) -> None:
    repository(fake, tags=(Tag(key="team", value="a"), Tag(key="env", value="prod")))
    fake.ecr.tag_resource(
        TagResourceRequest(resource_arn=ARN, tags=(Tag(key="team", value="b"), Tag(key="x", value="")))
    )
    assert _tags(fake) == [("team", "b"), ("env", "prod"), ("x", "")]
    fake.client("ecr").untag_resource(resourceArn=ARN, tagKeys=["env", "absent"])
    assert fake.client("ecr").list_tags_for_resource(resourceArn=ARN)["tags"] == [
        {"Key": "team", "Value": "b"},
        {"Key": "x", "Value": ""},
    ]


@pytest.mark.parametrize(
    "tag", [Tag(key="k" * 129, value="v"), Tag(key="k", value="v" * 257), Tag(key="aws:team", value="v")]
)
def test_invalid_tags(fake: FakeBackend, tag: Tag) -> None:
    expected = (
        "InvalidTagParameterException",
        "An invalid parameter has been specified. Tag keys can have a maximum character length of 128 characters, "
        "and tag values can have a maximum length of 256 characters.",
    )
    error = refusal(fake, CreateRepositoryRequest(repository_name="web", tags=(tag,)))
    assert (error.code, error.message) == expected
    repository(fake)
    error = refusal(fake, TagResourceRequest(resource_arn=ARN, tags=(tag,)))
    assert (error.code, error.message) == expected


def test_at_most_50_tags(fake: FakeBackend) -> None:
    too_many = tuple(Tag(key=f"k{i}", value="v") for i in range(51))
    expected = (
        "TooManyTagsException",
        "The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a "
        "repository is 50.",
    )
    error = refusal(fake, CreateRepositoryRequest(repository_name="web", tags=too_many))
    assert (error.code, error.message) == expected
    repository(fake, tags=too_many[:50])
    assert (refusal(fake, TagResourceRequest(resource_arn=ARN, tags=too_many[50:])).code) == expected[0]
    fake.ecr.tag_resource(TagResourceRequest(resource_arn=ARN, tags=(Tag(key="k0", value="new"),)))  # a replacement
    assert len(_tags(fake)) == 50


def test_tags_of_what_is_not_a_repository(fake: FakeBackend) -> None:
    error = refusal(fake, ListTagsForResourceRequest(resource_arn="arn:aws:ecs:us-east-1:123456789012:cluster/web"))
    assert (error.code, error.message) == (
        "InvalidParameterException",
        "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'",
    )
    missing = refusal(fake, UntagResourceRequest(resource_arn=ARN, tag_keys=("team",)))
    assert (missing.code, missing.message) == (
        "RepositoryNotFoundException",
        f"The repository with name 'web' does not exist in the registry with id '{OWNER}'",
    )


# -- DescribeRepositories ---------------------------------------------------------------------------------------------


def test_describe_named_repositories(fake: FakeBackend) -> None:
    for name in ("a1", "b2", "c3"):
        repository(fake, name)
    named = fake.ecr.describe_repositories(DescribeRepositoriesRequest(repository_names=("c3", "a1"))).repositories
    assert [r.repository_name for r in named or ()] == ["c3", "a1"]
    error = refusal(fake, DescribeRepositoriesRequest(repository_names=("a1", "nope")))
    assert (error.code, error.message) == (
        "RepositoryNotFoundException",
        f"The repository with name 'nope' does not exist in the registry with id '{OWNER}'",
    )


def test_describe_pages(fake: FakeBackend) -> None:
    names = [f"repo-{i}" for i in range(5)]
    for name in names:
        repository(fake, name)
    first = fake.ecr.describe_repositories(DescribeRepositoriesRequest(max_results=2))
    assert [r.repository_name for r in first.repositories or ()] == names[:2]
    assert first.next_token is not None
    paginator = fake.client("ecr").get_paginator("describe_repositories")
    seen = [
        r["repositoryName"]
        for page in paginator.paginate(PaginationConfig={"PageSize": 2})
        for r in page["repositories"]
    ]
    assert seen == names
    assert refusal(fake, DescribeRepositoriesRequest(max_results=1001)).code == "InvalidParameterException"
    both = refusal(fake, DescribeRepositoriesRequest(repository_names=("repo-1",), max_results=1))
    assert both.code == "InvalidParameterException"


# -- DeleteRepository -------------------------------------------------------------------------------------------------


def _hold_an_image(fake: FakeBackend) -> None:
    # Images arrive through docker's push flow (the images part of the fake); the store is filled directly here.
    digest = "sha256:" + "0" * 64
    fake.records().ecr.repositories["web"].store.images[digest] = ImageRecord(
        digest=digest,
        manifest="{}",
        media_type="application/vnd.oci.image.manifest.v1+json",
        pushed_at=fake.clock.now(),
        size=0,
    )


def test_delete_an_empty_repository(fake: FakeBackend) -> None:
    created = repository(fake)
    deleted = fake.ecr.delete_repository(DeleteRepositoryRequest(repository_name="web")).repository
    assert deleted == created
    assert fake.client("ecr").describe_repositories()["repositories"] == []
    error = refusal(fake, DeleteRepositoryRequest(repository_name="web"))
    assert (error.code, error.message) == (
        "RepositoryNotFoundException",
        f"The repository with name 'web' does not exist in the registry with id '{OWNER}'",
    )


def test_a_repository_with_images_is_deleted_only_by_force(fake: FakeBackend) -> None:
    repository(fake)
    _hold_an_image(fake)
    error = refusal(fake, DeleteRepositoryRequest(repository_name="web"))
    assert (error.code, error.message) == (
        "RepositoryNotEmptyException",
        f"The repository with name 'web' in registry with id '{OWNER}' cannot be deleted because it still contains "
        "images",
    )
    fake.client("ecr").delete_repository(repositoryName="web", force=True)
    assert "web" not in fake.records().ecr.repositories


# -- PutImageTagMutability, PutImageScanningConfiguration -------------------------------------------------------------


def test_put_image_tag_mutability(fake: FakeBackend) -> None:
    repository(fake)
    filters = (ImageTagMutabilityExclusionFilter(filter_type=WILDCARD, filter="dev-*"),)
    answer = fake.ecr.put_image_tag_mutability(
        PutImageTagMutabilityRequest(
            repository_name="web",
            image_tag_mutability=ImageTagMutability.MUTABLE_WITH_EXCLUSION,
            image_tag_mutability_exclusion_filters=filters,
        )
    )
    assert (answer.registry_id, answer.image_tag_mutability, answer.image_tag_mutability_exclusion_filters) == (
        OWNER,
        ImageTagMutability.MUTABLE_WITH_EXCLUSION,
        filters,
    )
    refused = refusal(
        fake,
        PutImageTagMutabilityRequest(
            repository_name="web", image_tag_mutability=ImageTagMutability.IMMUTABLE_WITH_EXCLUSION
        ),
    )
    assert refused.code == "InvalidParameterException"
    fake.client("ecr").put_image_tag_mutability(repositoryName="web", imageTagMutability="IMMUTABLE")
    (shown,) = fake.client("ecr").describe_repositories()["repositories"]
    assert shown["imageTagMutability"] == "IMMUTABLE"
    assert "imageTagMutabilityExclusionFilters" not in shown


def test_put_image_scanning_configuration(fake: FakeBackend) -> None:
    repository(fake)
    answer = fake.client("ecr").put_image_scanning_configuration(
        repositoryName="web", imageScanningConfiguration={"scanOnPush": True}
    )
    assert answer["imageScanningConfiguration"] == {"scanOnPush": True}
    assert fake.records().ecr.repositories["web"].scan_on_push
    missing = refusal(
        fake,
        PutImageScanningConfigurationRequest(
            repository_name="nope", image_scanning_configuration=ImageScanningConfiguration(scan_on_push=True)
        ),
    )
    assert missing.code == "RepositoryNotFoundException"


# -- GetAuthorizationToken --------------------------------------------------------------------------------------------


def test_authorization_token(fake: FakeBackend) -> None:
    fake.advance(3600)
    (data,) = fake.ecr.get_authorization_token(GetAuthorizationTokenRequest()).authorization_data or ()
    assert data.proxy_endpoint == f"https://{OWNER}.dkr.ecr.{REGION}.amazonaws.com"
    assert data.expires_at == fake.clock.now() + datetime.timedelta(hours=12)
    user, _, password = base64.b64decode(data.authorization_token or "").decode().partition(":")
    assert user == "AWS"
    assert re.fullmatch(r"\S+", password)


def test_authorization_token_per_registry(fake: FakeBackend) -> None:
    answer: Any = fake.client("ecr").get_authorization_token(registryIds=[OWNER, "444455556666"])
    assert [d["proxyEndpoint"] for d in answer["authorizationData"]] == [
        f"https://{OWNER}.dkr.ecr.{REGION}.amazonaws.com",
        f"https://444455556666.dkr.ecr.{REGION}.amazonaws.com",
    ]
    bad = refusal(fake, GetAuthorizationTokenRequest(registry_ids=("12345",)))
    assert bad.code == "InvalidParameterException"


def test_repositories_survive_a_snapshot(fake: FakeBackend) -> None:
    repository(
        fake,
        tags=(Tag(key="team", value="a"),),
        encryption_configuration=EncryptionConfiguration(encryption_type=EncryptionType.KMS),
    )
    again = FakeBackend.restore(fake.save())
    assert again.ecr.describe_repositories(DescribeRepositoriesRequest()) == fake.ecr.describe_repositories(
        DescribeRepositoriesRequest()
    )
    assert _tags(again) == [("team", "a")]
