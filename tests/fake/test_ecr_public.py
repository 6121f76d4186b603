"""Amazon ECR Public on the fake: every served operation through the typed API (``fake.ecr_public.<verb>``) and a
real boto3 client (``fake.client("ecr-public")``), one test per refusal with ECR Public's code and, where a public
copy exists, AWS's text (the source is named at each test), paging, refused calls changing nothing, accounts kept
apart, and the Regions ECR Public answers in.

Sources quoted below: the ECR Public API reference (https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/),
the ECR Public User Guide (https://docs.aws.amazon.com/AmazonECR/latest/public/), and the AWS CLI's ecr-public
examples (https://docs.aws.amazon.com/code-library/latest/ug/cli_2_ecr-public_code_examples.html, "CLI examples").
"""

from __future__ import annotations

import base64
import datetime
import json
import re
from typing import Any

import botocore.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr_public import HOME_REGION
from ecskit.backends.fake.registry import served
from ecskit.errors import AccessDeniedError, BackendError, ConnectionFailed, InvalidRequestError
from ecskit.images import TestImage
from ecskit.models.ecr_public import (
    BatchDeleteImageRequest,
    CreateRepositoryRequest,
    DeleteRepositoryPolicyRequest,
    DeleteRepositoryRequest,
    DescribeImagesRequest,
    DescribeImageTagsRequest,
    DescribeRegistriesRequest,
    DescribeRepositoriesRequest,
    GetAuthorizationTokenRequest,
    GetRegistryCatalogDataRequest,
    GetRepositoryCatalogDataRequest,
    GetRepositoryPolicyRequest,
    ImageFailureCode,
    ImageIdentifier,
    ListTagsForResourceRequest,
    PutImageRequest,
    PutRegistryCatalogDataRequest,
    PutRepositoryCatalogDataRequest,
    RepositoryCatalogDataInput,
    SetRepositoryPolicyRequest,
    Tag,
    TagResourceRequest,
    UntagResourceRequest,
)
from ecskit.operations import operations
from tests.support.ecr_public import CONFIG_TYPE, DOCKER_V2, put_image, put_index, store_of

ACCOUNT, OTHER = "123456789012", "111122223333"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowPush",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/push-pull-user-1"},
                "Action": ["ecr-public:BatchCheckLayerAvailability", "ecr-public:PutImage"],
            }
        ],
    }
)
PUSH_FLOW = {"BatchCheckLayerAvailability", "InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"}


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def client(fake: FakeBackend) -> Any:
    return fake.client("ecr-public")


def _repo(fake: FakeBackend, name: str = "project-a/nginx-web-app", **members: Any) -> None:
    fake.ecr_public.create_repository(CreateRepositoryRequest(repository_name=name, **members))


def _refused(code: str, call: Any, *args: Any, **kwargs: Any) -> BackendError:
    """The BackendError ``call(*args, **kwargs)`` raises, which must carry ``code``."""
    with pytest.raises(BackendError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, info.value
    return info.value


# -- what is served ----------------------------------------------------------------------------------------------------


def test_every_operation_is_served(fake: FakeBackend) -> None:
    every = {o.name for o in operations("ecr-public")}
    assert len(every) == 23
    assert {o.name for o in served("ecr-public")} == every
    assert every >= PUSH_FLOW


def test_docker_pushes_to_a_public_repository_through_boto3(fake: FakeBackend, client: Any) -> None:
    """The push flow on a public repository: the blobs uploaded, then the manifest; the image shows in
    DescribeImages and DescribeImageTags, and a tag pushed again on another image moves (ECR Public has no tag
    immutability)."""
    _repo(fake, "web")
    first, second = TestImage(layer_sizes=(3000, 500)), TestImage(layer_sizes=(10,), seed="other")
    for image in (first, second):
        checked = client.batch_check_layer_availability(
            repositoryName="web", layerDigests=[b.digest for b in image.blobs]
        )
        missing = [layer["layerDigest"] for layer in checked["layers"] if layer["layerAvailability"] == "UNAVAILABLE"]
        for blob in image.blobs:
            if blob.digest not in missing:
                continue
            upload = client.initiate_layer_upload(repositoryName="web")["uploadId"]
            client.upload_layer_part(  # one part: every part but the last must be at least 5 MiB
                repositoryName="web",
                uploadId=upload,
                partFirstByte=0,
                partLastByte=blob.size - 1,
                layerPartBlob=blob.data,
            )
            done = client.complete_layer_upload(repositoryName="web", uploadId=upload, layerDigests=[blob.digest])
            assert done["layerDigest"] == blob.digest
        put = client.put_image(repositoryName="web", imageManifest=image.manifest, imageTag="latest")
        assert put["image"]["imageId"] == {"imageDigest": image.digest, "imageTag": "latest"}
    details = client.describe_images(repositoryName="web")["imageDetails"]
    assert {d["imageDigest"]: d.get("imageTags", []) for d in details} == {first.digest: [], second.digest: ["latest"]}
    tags = client.describe_image_tags(repositoryName="web")["imageTagDetails"]
    assert [(t["imageTag"], t["imageDetail"]["imageDigest"]) for t in tags] == [("latest", second.digest)]


def test_a_manifest_whose_layers_were_never_uploaded(fake: FakeBackend) -> None:
    _repo(fake, "web")
    error = _refused(
        "LayersNotFoundException",
        fake.ecr_public.put_image,
        PutImageRequest(repository_name="web", image_manifest=TestImage().manifest, image_tag="1"),
    )
    assert "web" in error.message


def test_every_served_operation_through_a_boto3_client(fake: FakeBackend, client: Any) -> None:
    """One pass over all 18 served operations through boto3, as the CLI examples call them."""
    name = "project-a/nginx-web-app"
    created = client.create_repository(
        repositoryName=name,
        catalogData={"description": "My project-a ECR Public Repository", "architectures": ["ARM", "x86-64"]},
        tags=[{"Key": "Environment", "Value": "Prod"}],
    )
    arn = created["repository"]["repositoryArn"]
    assert created["catalogData"] == {
        "description": "My project-a ECR Public Repository",
        "architectures": ["ARM", "x86-64"],
    }
    assert client.describe_repositories(repositoryNames=[name])["repositories"][0]["repositoryArn"] == arn
    image = put_image(fake, name, "latest", "temp1.0")
    assert client.describe_images(repositoryName=name)["imageDetails"][0]["imageDigest"] == image.digest
    assert [d["imageTag"] for d in client.describe_image_tags(repositoryName=name)["imageTagDetails"]] == [
        "latest",
        "temp1.0",
    ]
    assert client.set_repository_policy(repositoryName=name, policyText=POLICY)["policyText"] == POLICY
    assert client.get_repository_policy(repositoryName=name)["policyText"] == POLICY
    assert client.delete_repository_policy(repositoryName=name)["policyText"] == POLICY
    put = client.put_repository_catalog_data(repositoryName=name, catalogData={"aboutText": "## About"})
    assert put["catalogData"] == {"aboutText": "## About"}
    assert client.get_repository_catalog_data(repositoryName=name)["catalogData"] == {"aboutText": "## About"}
    client.tag_resource(resourceArn=arn, tags=[{"Key": "stack", "Value": "dev"}])
    client.untag_resource(resourceArn=arn, tagKeys=["Environment"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "stack", "Value": "dev"}]
    registry = client.describe_registries()["registries"][0]
    assert registry["registryArn"] == f"arn:aws:ecr-public::{ACCOUNT}:registry/{ACCOUNT}"
    assert client.put_registry_catalog_data(displayName="Example")["registryCatalogData"] == {"displayName": "Example"}
    assert client.get_registry_catalog_data()["registryCatalogData"] == {"displayName": "Example"}
    assert client.get_authorization_token()["authorizationData"]["authorizationToken"]
    deleted = client.batch_delete_image(repositoryName=name, imageIds=[{"imageTag": "temp1.0"}])
    assert deleted == {
        "imageIds": [{"imageDigest": image.digest, "imageTag": "temp1.0"}],
        "failures": [],
        "ResponseMetadata": deleted["ResponseMetadata"],
    }
    assert client.delete_repository(repositoryName=name, force=True)["repository"]["repositoryArn"] == arn
    assert client.describe_repositories()["repositories"] == []


# -- repositories ------------------------------------------------------------------------------------------------------


def test_create_repository_answers_as_the_cli_example(fake: FakeBackend, client: Any) -> None:
    """CLI examples, create-repository example 1: the ARN has no Region, the URI is ``public.ecr.aws/<alias>/<name>``
    and the catalog data is ``{}`` when none was given."""
    answer = client.create_repository(repositoryName="project-a/nginx-web-app")
    alias = fake.scoped(region=HOME_REGION).records().ecr_public.alias
    assert answer["repository"] == {
        "repositoryArn": f"arn:aws:ecr-public::{ACCOUNT}:repository/project-a/nginx-web-app",
        "registryId": ACCOUNT,
        "repositoryName": "project-a/nginx-web-app",
        "repositoryUri": f"public.ecr.aws/{alias}/project-a/nginx-web-app",
        "createdAt": fake.clock.now(),
    }
    assert answer["catalogData"] == {}


def test_a_repository_name_that_is_taken(fake: FakeBackend) -> None:
    """ECR's text, as AWS answers it (https://github.com/CircleCI-Public/aws-ecr-orb/issues/22); ECR Public words
    its repository errors as ECR does (its RepositoryNotFoundException in
    https://github.com/airvzxf/ftp-deployment-action/pull/92)."""
    _repo(fake, "web")
    error = _refused("RepositoryAlreadyExistsException", _repo, fake, "web")
    assert error.message == f"The repository with name 'web' already exists in the registry with id '{ACCOUNT}'"


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Web", "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"),
        ("-web", "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"),
        ("web/", "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"),
        ("a" * 206, "Member must have length less than or equal to 205"),
        ("a", "Member must have length greater than or equal to 2"),
    ],
)
def test_a_repository_name_that_is_not_one(fake: FakeBackend, name: str, rule: str) -> None:
    """API reference, CreateRepository: 2 to 205 characters of the pattern; ECR's constraint text (AWS's answer for
    private ECR, quoted in https://github.com/fujiwara/ecrm/pull/3 for another member)."""
    error = _refused("InvalidParameterException", _repo, fake, name)
    assert error.message == f"Invalid parameter at 'repositoryName' failed to satisfy constraint: '{rule}'"
    assert fake.ecr_public.describe_repositories(DescribeRepositoriesRequest()).repositories == ()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ab0/._-A", max_size=12))
def test_any_name_is_a_repository_or_invalid_parameter(name: str) -> None:
    fake = FakeBackend()
    valid = 2 <= len(name) <= 205 and re.fullmatch(
        r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*", name
    )
    if valid:
        _repo(fake, name)
        assert name in fake.records().ecr_public.repositories
    else:
        with pytest.raises(InvalidRequestError) as info:
            _repo(fake, name)
        assert info.value.code == "InvalidParameterException"


def test_describe_repositories_by_name_and_in_pages(fake: FakeBackend, client: Any) -> None:
    names = [f"repo-{i}" for i in range(5)]
    for name in names:
        _repo(fake, name)
    named = fake.ecr_public.describe_repositories(DescribeRepositoriesRequest(repository_names=("repo-3", "repo-1")))
    assert [r.repository_name for r in named.repositories or ()] == ["repo-3", "repo-1"]
    pages = list(client.get_paginator("describe_repositories").paginate(PaginationConfig={"PageSize": 2}))
    assert [[r["repositoryName"] for r in p["repositories"]] for p in pages] == [names[:2], names[2:4], names[4:]]


def test_describe_repositories_of_one_that_is_not_there(fake: FakeBackend) -> None:
    _repo(fake, "web")
    request = DescribeRepositoriesRequest(repository_names=("web", "api"))
    error = _refused("RepositoryNotFoundException", fake.ecr_public.describe_repositories, request)
    assert error.message == f"The repository with name 'api' does not exist in the registry with id '{ACCOUNT}'"


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            DescribeRepositoriesRequest(max_results=1001),
            "Invalid parameter at 'maxResults' failed to satisfy constraint: "
            "'Member must have value less than or equal to 1000'",
        ),
        (
            DescribeRepositoriesRequest(max_results=0),
            "Invalid parameter at 'maxResults' failed to satisfy constraint: "
            "'Member must have value greater than or equal to 1'",
        ),
        (DescribeRepositoriesRequest(next_token="not a token"), "Invalid token"),
        (
            DescribeRepositoriesRequest(repository_names=("web",), max_results=5),
            "Invalid parameter at 'repositoryNames' failed to satisfy constraint: "
            "'nextToken and maxResults cannot be used with repositoryNames'",
        ),
        (
            DescribeRepositoriesRequest(repository_names=tuple(f"r{i:03}" for i in range(101))),
            "Invalid parameter at 'repositoryNames' failed to satisfy constraint: "
            "'Member must have length less than or equal to 100'",
        ),
    ],
    ids=["over 1000", "zero", "bad token", "names and paging", "101 names"],
)
def test_describe_repositories_refuses_bad_paging(fake: FakeBackend, request_: Any, message: str) -> None:
    """API reference, DescribeRepositories: maxResults 1 to 1000, and no paging with repositoryNames (that text is
    ecskit's; the constraint texts are ECR's form)."""
    _repo(fake, "web")
    assert _refused("InvalidParameterException", fake.ecr_public.describe_repositories, request_).message == message


def test_delete_repository_that_holds_images(fake: FakeBackend) -> None:
    """ECR's text for a repository that still holds images (the API reference's RepositoryNotEmptyException); it
    stays, images and all, until ``force``."""
    _repo(fake, "web")
    image = put_image(fake, "web", "latest")
    before = fake.save()
    error = _refused(
        "RepositoryNotEmptyException",
        fake.ecr_public.delete_repository,
        DeleteRepositoryRequest(repository_name="web"),
    )
    assert error.message == (
        f"The repository with name 'web' in registry with id '{ACCOUNT}' cannot be deleted because it still contains "
        "images"
    )
    assert fake.save() == before
    deleted = fake.ecr_public.delete_repository(DeleteRepositoryRequest(repository_name="web", force=True))
    assert deleted.repository is not None
    assert deleted.repository.repository_name == "web"
    assert "web" not in fake.records().ecr_public.repositories
    _refused(
        "RepositoryNotFoundException", fake.ecr_public.delete_repository, DeleteRepositoryRequest(repository_name="web")
    )
    _repo(fake, "web")  # a new repository of the name starts empty: the images went with the old one
    assert image.digest not in store_of(fake, "web").images


def test_an_empty_repository_is_deleted_without_force(fake: FakeBackend) -> None:
    _repo(fake, "web")
    fake.ecr_public.delete_repository(DeleteRepositoryRequest(repository_name="web"))
    assert fake.ecr_public.describe_repositories(DescribeRepositoriesRequest()).repositories == ()


# -- the registry ------------------------------------------------------------------------------------------------------


def test_the_default_alias_comes_with_the_first_repository(fake: FakeBackend) -> None:
    """ "A default alias is assigned to your public registry after creating your first public repository" (User
    Guide, Public registries); DescribeRegistries then shows it as the CLI example does (ACTIVE, primary, default;
    ``registryUri`` ``public.ecr.aws/<alias>``; unverified)."""
    (before,) = fake.ecr_public.describe_registries(DescribeRegistriesRequest()).registries
    assert before.aliases == ()
    assert before.registry_uri == "public.ecr.aws"
    _repo(fake, "web")
    (registry,) = fake.ecr_public.describe_registries(DescribeRegistriesRequest()).registries
    (alias,) = registry.aliases
    assert re.fullmatch(r"[a-z][0-9][a-z][0-9][a-z][0-9][a-z][0-9]", alias.name)  # like AWS's l4w8c3b8
    assert (alias.status, alias.primary_registry_alias, alias.default_registry_alias) == ("ACTIVE", True, True)
    assert registry.registry_id == ACCOUNT
    assert registry.registry_arn == f"arn:aws:ecr-public::{ACCOUNT}:registry/{ACCOUNT}"
    assert registry.registry_uri == f"public.ecr.aws/{alias.name}"
    assert registry.verified is False
    fake.ecr_public.delete_repository(DeleteRepositoryRequest(repository_name="web"))
    _repo(fake, "api")
    (again,) = fake.ecr_public.describe_registries(DescribeRegistriesRequest()).registries
    assert again.aliases == registry.aliases  # the alias stays the registry's


def test_get_authorization_token_is_valid_for_12_hours_of_virtual_time(fake: FakeBackend) -> None:
    """API reference, GetAuthorizationToken / AuthorizationData: base64 of ``user:password``, valid 12 hours."""
    data = fake.ecr_public.get_authorization_token(GetAuthorizationTokenRequest()).authorization_data
    assert data is not None
    assert data.authorization_token
    assert data.expires_at
    user, _, password = base64.b64decode(data.authorization_token).decode().partition(":")
    assert (user, bool(password)) == ("AWS", True)
    assert data.expires_at == fake.clock.now() + datetime.timedelta(hours=12)
    fake.advance(3600)
    later = fake.ecr_public.get_authorization_token(GetAuthorizationTokenRequest()).authorization_data
    assert later is not None
    assert later.expires_at == data.expires_at + datetime.timedelta(hours=1)


def test_registry_catalog_data(fake: FakeBackend) -> None:
    assert (
        fake.ecr_public.get_registry_catalog_data(GetRegistryCatalogDataRequest()).registry_catalog_data.display_name
        is None
    )
    put = fake.ecr_public.put_registry_catalog_data(PutRegistryCatalogDataRequest(display_name="Example Corp"))
    assert put.registry_catalog_data.display_name == "Example Corp"
    kept = fake.ecr_public.put_registry_catalog_data(PutRegistryCatalogDataRequest())
    assert kept.registry_catalog_data.display_name == "Example Corp"
    got = fake.ecr_public.get_registry_catalog_data(GetRegistryCatalogDataRequest())
    assert got.registry_catalog_data.display_name == "Example Corp"


def test_a_display_name_over_100_characters(fake: FakeBackend) -> None:
    """The service model's RegistryDisplayName: at most 100 characters."""
    error = _refused(
        "InvalidParameterException",
        fake.ecr_public.put_registry_catalog_data,
        PutRegistryCatalogDataRequest(display_name="x" * 101),
    )
    assert error.message == (
        "Invalid parameter at 'displayName' failed to satisfy constraint: "
        "'Member must have length less than or equal to 100'"
    )
    assert (
        fake.ecr_public.get_registry_catalog_data(GetRegistryCatalogDataRequest()).registry_catalog_data.display_name
        is None
    )


# -- repository policies -----------------------------------------------------------------------------------------------


def test_set_get_and_delete_a_repository_policy(fake: FakeBackend) -> None:
    """CLI examples, set-repository-policy / get-repository-policy / delete-repository-policy."""
    _repo(fake, "web")
    set_ = fake.ecr_public.set_repository_policy(SetRepositoryPolicyRequest(repository_name="web", policy_text=POLICY))
    assert (set_.registry_id, set_.repository_name, set_.policy_text) == (ACCOUNT, "web", POLICY)
    got = fake.ecr_public.get_repository_policy(GetRepositoryPolicyRequest(repository_name="web"))
    assert json.loads(got.policy_text or "") == json.loads(POLICY)
    gone = fake.ecr_public.delete_repository_policy(DeleteRepositoryPolicyRequest(repository_name="web"))
    assert gone.policy_text == POLICY
    assert fake.records().ecr_public.repositories["web"].policy is None


@pytest.mark.parametrize("call", ["get", "delete"])
def test_a_repository_without_a_policy(fake: FakeBackend, call: str) -> None:
    """ECR's RepositoryPolicyNotFoundException text (as getmoto/moto's ECR tests pin AWS's answer)."""
    _repo(fake, "web")
    verb = fake.ecr_public.get_repository_policy if call == "get" else fake.ecr_public.delete_repository_policy
    request = (GetRepositoryPolicyRequest if call == "get" else DeleteRepositoryPolicyRequest)(repository_name="web")
    error = _refused("RepositoryPolicyNotFoundException", verb, request)
    assert error.message == (
        f"Repository policy does not exist for the repository with name 'web' in the registry with id '{ACCOUNT}'"
    )


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps({"Version": "2012-10-17"}),
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}),
        json.dumps({"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "ecr-public:*"}]}),
    ],
    ids=["not JSON", "a list", "no statement", "no principal or action", "a bad effect"],
)
def test_a_policy_that_is_not_one_is_refused_and_the_old_one_stays(fake: FakeBackend, text: str) -> None:
    """ECR's text for a policy it cannot read: "Invalid parameter at 'PolicyText' failed to satisfy constraint:
    'Invalid repository policy provided'" (AWS's answer quoted in
    https://github.com/awsdocs/amazon-ecr-user-guide/pull/20)."""
    _repo(fake, "web")
    fake.ecr_public.set_repository_policy(SetRepositoryPolicyRequest(repository_name="web", policy_text=POLICY))
    error = _refused(
        "InvalidParameterException",
        fake.ecr_public.set_repository_policy,
        SetRepositoryPolicyRequest(repository_name="web", policy_text=text),
    )
    assert error.message == (
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"
    )
    assert fake.records().ecr_public.repositories["web"].policy == POLICY


def test_a_policy_of_a_repository_that_is_not_there(fake: FakeBackend) -> None:
    request = SetRepositoryPolicyRequest(repository_name="web", policy_text=POLICY)
    error = _refused("RepositoryNotFoundException", fake.ecr_public.set_repository_policy, request)
    assert error.message == f"The repository with name 'web' does not exist in the registry with id '{ACCOUNT}'"


# -- repository catalog data -------------------------------------------------------------------------------------------


def test_repository_catalog_data_is_replaced_and_a_logo_becomes_its_url(fake: FakeBackend) -> None:
    """CLI examples, put-repository-catalog-data: the logo is answered as a ``logoUrl``; what a put leaves out is
    gone (a put replaces the catalog data)."""
    _repo(fake, "web", catalog_data=RepositoryCatalogDataInput(description="old", operating_systems=("Linux",)))
    given = RepositoryCatalogDataInput(
        description="My project-a ECR Public Repository",
        architectures=("ARM", "ARM 64", "x86", "x86-64", "RISC-V"),
        logo_image_blob=b"\x89PNG\r\n\x1a\nlogo",
        about_text="## Quick reference.",
        usage_text="## Supported architectures are as follows.",
    )
    put = fake.ecr_public.put_repository_catalog_data(
        PutRepositoryCatalogDataRequest(repository_name="web", catalog_data=given)
    ).catalog_data
    assert put is not None
    assert put.architectures == given.architectures  # an unsupported one is kept (API reference)
    assert put.operating_systems is None
    assert put.logo_url
    assert re.fullmatch(r"https://[a-z0-9.]+/logo/[0-9a-f-]{36}/[0-9a-f-]{36}\.png", put.logo_url)
    got = fake.ecr_public.get_repository_catalog_data(GetRepositoryCatalogDataRequest(repository_name="web"))
    assert got.catalog_data == put


def test_a_repository_without_catalog_data_shows_it_empty(fake: FakeBackend) -> None:
    _repo(fake, "web")
    got = fake.ecr_public.get_repository_catalog_data(GetRepositoryCatalogDataRequest(repository_name="web"))
    assert got.catalog_data is not None
    assert got.catalog_data.description is None


@pytest.mark.parametrize(
    ("given", "member", "rule"),
    [
        (RepositoryCatalogDataInput(description="d" * 1025), "description", "less than or equal to 1024"),
        (RepositoryCatalogDataInput(architectures=("x86",) * 51), "architectures", "less than or equal to 50"),
        (RepositoryCatalogDataInput(architectures=("a" * 51,)), "architectures.member", "less than or equal to 50"),
        (RepositoryCatalogDataInput(operating_systems=("",)), "operatingSystems.member", "greater than or equal to 1"),
        (RepositoryCatalogDataInput(logo_image_blob=b"0" * 512001), "logoImageBlob", "less than or equal to 512000"),
        (RepositoryCatalogDataInput(about_text="a" * 25601), "aboutText", "less than or equal to 25600"),
        (RepositoryCatalogDataInput(usage_text="u" * 25601), "usageText", "less than or equal to 25600"),
    ],
    ids=["description", "51 architectures", "long architecture", "empty OS", "logo", "about", "usage"],
)
def test_catalog_data_over_the_limits(
    fake: FakeBackend, given: RepositoryCatalogDataInput, member: str, rule: str
) -> None:
    """The limits of the service model's RepositoryCatalogDataInput (API reference), in ECR's constraint form; the
    refused put leaves the catalog data as it was, and a refused create makes no repository."""
    _repo(fake, "web", catalog_data=RepositoryCatalogDataInput(description="kept"))
    error = _refused(
        "InvalidParameterException",
        fake.ecr_public.put_repository_catalog_data,
        PutRepositoryCatalogDataRequest(repository_name="web", catalog_data=given),
    )
    assert error.message == (
        f"Invalid parameter at 'catalogData.{member}' failed to satisfy constraint: 'Member must have length {rule}'"
    )
    catalog = fake.records().ecr_public.repositories["web"].catalog
    assert catalog is not None
    assert catalog.description == "kept"
    _refused("InvalidParameterException", _repo, fake, "api", catalog_data=given)
    assert "api" not in fake.records().ecr_public.repositories


# -- images ------------------------------------------------------------------------------------------------------------


def test_describe_images_shows_what_the_store_holds(fake: FakeBackend, client: Any) -> None:
    """CLI examples, describe-images: digest, tags, size, push time, manifest and artifact media types; an
    untagged image has no ``imageTags``."""
    _repo(fake, "web")
    tagged = put_image(fake, "web", "temp3.0", "latest", seed="a", layer_sizes=(1000, 2000))
    fake.advance(60)
    untagged = put_image(fake, "web", seed="b")
    details = client.describe_images(repositoryName="web")["imageDetails"]
    assert details == [
        {
            "registryId": ACCOUNT,
            "repositoryName": "web",
            "imageDigest": tagged.digest,
            "imageTags": ["temp3.0", "latest"],
            "imageSizeInBytes": tagged.size,
            "imagePushedAt": tagged.pushed_at,
            "imageManifestMediaType": DOCKER_V2,
            "artifactMediaType": CONFIG_TYPE,
        },
        {
            "registryId": ACCOUNT,
            "repositoryName": "web",
            "imageDigest": untagged.digest,
            "imageSizeInBytes": untagged.size,
            "imagePushedAt": untagged.pushed_at,
            "imageManifestMediaType": DOCKER_V2,
            "artifactMediaType": CONFIG_TYPE,
        },
    ]
    assert tagged.size > 3000
    assert untagged.pushed_at - tagged.pushed_at == datetime.timedelta(seconds=60)


def test_describe_images_by_id(fake: FakeBackend) -> None:
    _repo(fake, "web")
    one = put_image(fake, "web", "v1", seed="1")
    two = put_image(fake, "web", "v2", seed="2")
    request = DescribeImagesRequest(
        repository_name="web",
        image_ids=(
            ImageIdentifier(image_tag="v2"),
            ImageIdentifier(image_digest=one.digest),
            ImageIdentifier(image_digest=two.digest, image_tag="v2"),
        ),
    )
    details = fake.ecr_public.describe_images(request).image_details or ()
    assert [d.image_digest for d in details] == [two.digest, one.digest]


MISSING = "sha256:" + "0" * 64


@pytest.mark.parametrize(
    ("ident", "shown"),
    [
        (ImageIdentifier(image_tag="nope"), "{imageDigest:'null', imageTag:'nope'}"),
        (ImageIdentifier(image_digest=MISSING), f"{{imageDigest:'{MISSING}', imageTag:'null'}}"),
        (ImageIdentifier(image_digest=MISSING, image_tag="v1"), f"{{imageDigest:'{MISSING}', imageTag:'v1'}}"),
    ],
    ids=["tag", "digest", "tag of another digest"],
)
def test_describe_images_of_one_that_is_not_there(fake: FakeBackend, ident: ImageIdentifier, shown: str) -> None:
    """ECR's ImageNotFoundException text, as AWS answers it
    (https://github.com/hashicorp/terraform-provider-aws/issues/35268)."""
    _repo(fake, "web")
    put_image(fake, "web", "v1")
    request = DescribeImagesRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v1"), ident))
    error = _refused("ImageNotFoundException", fake.ecr_public.describe_images, request)
    assert error.message == (
        f"The image with imageId {shown} does not exist within the repository with name 'web' in the registry with "
        f"id '{ACCOUNT}'"
    )


def test_describe_images_in_pages_and_not_with_ids(fake: FakeBackend, client: Any) -> None:
    _repo(fake, "web")
    digests = [put_image(fake, "web", f"v{i}", seed=str(i)).digest for i in range(5)]
    pages = list(
        client.get_paginator("describe_images").paginate(repositoryName="web", PaginationConfig={"PageSize": 2})
    )
    assert [[d["imageDigest"] for d in p["imageDetails"]] for p in pages] == [digests[:2], digests[2:4], digests[4:]]
    request = DescribeImagesRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v1"),), max_results=5)
    error = _refused("InvalidParameterException", fake.ecr_public.describe_images, request)
    assert "imageIds" in error.message  # "If you specify images with imageIds, you can't use this option"


def test_describe_image_tags_in_pages(fake: FakeBackend, client: Any) -> None:
    """CLI examples, describe-image-tags: each tag with the image it names."""
    _repo(fake, "web")
    one = put_image(fake, "web", "latest", "v1", seed="1")
    two = put_image(fake, "web", "v2", seed="2")
    pages = list(
        client.get_paginator("describe_image_tags").paginate(repositoryName="web", PaginationConfig={"PageSize": 2})
    )
    details = [d for p in pages for d in p["imageTagDetails"]]
    assert [len(p["imageTagDetails"]) for p in pages] == [2, 1]
    assert [(d["imageTag"], d["imageDetail"]["imageDigest"]) for d in details] == [
        ("latest", one.digest),
        ("v1", one.digest),
        ("v2", two.digest),
    ]
    assert details[2] == {
        "imageTag": "v2",
        "createdAt": two.pushed_at,
        "imageDetail": {
            "imageDigest": two.digest,
            "imageSizeInBytes": two.size,
            "imagePushedAt": two.pushed_at,
            "imageManifestMediaType": DOCKER_V2,
            "artifactMediaType": CONFIG_TYPE,
        },
    }
    empty = fake.ecr_public.describe_image_tags(DescribeImageTagsRequest(repository_name="web", max_results=1000))
    assert len(empty.image_tag_details or ()) == 3
    assert empty.next_token is None


def test_batch_delete_image_by_tag_and_by_digest(fake: FakeBackend) -> None:
    """API reference, BatchDeleteImage: a tag alone removes the tag, and the image with its last tag; a digest
    removes the image and every tag (CLI examples, batch-delete-image examples 1 to 3)."""
    _repo(fake, "web")
    multi = put_image(fake, "web", "latest", "temp3.0", seed="m")
    single = put_image(fake, "web", "_temp", seed="s")
    by_digest = put_image(fake, "web", "a", "b", seed="d")
    untagged = put_image(fake, "web", seed="u")
    answer = fake.ecr_public.batch_delete_image(
        BatchDeleteImageRequest(
            repository_name="web",
            image_ids=(
                ImageIdentifier(image_tag="temp3.0"),
                ImageIdentifier(image_tag="_temp"),
                ImageIdentifier(image_digest=by_digest.digest),
                ImageIdentifier(image_digest=untagged.digest),
            ),
        )
    )
    assert answer.failures == ()
    assert answer.image_ids == (
        ImageIdentifier(image_digest=multi.digest, image_tag="temp3.0"),
        ImageIdentifier(image_digest=single.digest, image_tag="_temp"),
        ImageIdentifier(image_digest=by_digest.digest, image_tag="a"),
        ImageIdentifier(image_digest=by_digest.digest, image_tag="b"),
        ImageIdentifier(image_digest=untagged.digest),
    )
    store = store_of(fake, "web")
    assert list(store.images) == [multi.digest]
    assert multi.tags == ["latest"]
    assert store.tag_index() == {"latest": multi.digest}


def test_batch_delete_image_reports_what_it_cannot_delete(fake: FakeBackend) -> None:
    """The failures, with ECR's codes and reasons: ``ImageNotFound``/"Requested image not found" (AWS's answer in
    https://github.com/aws/aws-cli/issues/6424, the failure naming the id as given); ``MissingDigestAndTag`` with
    an empty id (localstack's ECR tests pin AWS's answer); ``InvalidImageDigest``; a digest whose tag names another
    image is not found (getmoto/moto's ECR tests)."""
    _repo(fake, "web")
    image = put_image(fake, "web", "v1", seed="1")
    other = put_image(fake, "web", "v2", seed="2")
    ids = (
        ImageIdentifier(image_tag="latest"),
        ImageIdentifier(),
        ImageIdentifier(image_digest="not-a-digest"),
        ImageIdentifier(image_digest=image.digest, image_tag="v2"),
    )
    before = fake.save()
    answer = fake.ecr_public.batch_delete_image(BatchDeleteImageRequest(repository_name="web", image_ids=ids))
    assert answer.image_ids == ()
    assert [(f.image_id, f.failure_code, f.failure_reason) for f in answer.failures or ()] == [
        (ids[0], ImageFailureCode.IMAGE_NOT_FOUND, "Requested image not found"),
        (
            ids[1],
            ImageFailureCode.MISSING_DIGEST_AND_TAG,
            "Invalid request parameters: both tag and digest cannot be null",
        ),
        (
            ids[2],
            ImageFailureCode.INVALID_IMAGE_DIGEST,
            "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
        ),
        (ids[3], ImageFailureCode.IMAGE_NOT_FOUND, "Requested image not found"),
    ]
    assert fake.save() == before
    assert other.tags == ["v2"]


def test_an_image_an_index_names_is_kept_until_the_index_goes(fake: FakeBackend) -> None:
    """ECR refuses to delete an image a manifest list still names: ``ImageReferencedByManifestList``, "Requested
    image referenced by manifest list: [<digest>]" (AWS's answer, quoted in public ECR cleanup scripts and
    lifecycle previews). Deleting the index first, in the same call, frees it."""
    _repo(fake, "web")
    amd = put_image(fake, "web", "amd64", seed="amd")
    arm = put_image(fake, "web", seed="arm")
    index = put_index(fake, "web", (amd, arm), "latest")
    refused = fake.ecr_public.batch_delete_image(
        BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="amd64"),))
    )
    (failure,) = refused.failures or ()
    assert failure.failure_code == ImageFailureCode.IMAGE_REFERENCED_BY_MANIFEST_LIST
    assert failure.failure_reason == f"Requested image referenced by manifest list: [{index.digest}]"
    assert amd.digest in store_of(fake, "web").images
    answer = fake.ecr_public.batch_delete_image(
        BatchDeleteImageRequest(
            repository_name="web",
            image_ids=(ImageIdentifier(image_tag="latest"), ImageIdentifier(image_digest=arm.digest)),
        )
    )
    assert answer.failures == ()
    assert list(store_of(fake, "web").images) == [amd.digest]


def test_batch_delete_image_of_more_than_100(fake: FakeBackend) -> None:
    """AWS's answer for 101 ids: "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have
    length less than or equal to 100'" (https://github.com/fujiwara/ecrm/pull/3); nothing is deleted."""
    _repo(fake, "web")
    put_image(fake, "web", "v0")
    ids = tuple(ImageIdentifier(image_tag=f"v{i}") for i in range(101))
    error = _refused(
        "InvalidParameterException",
        fake.ecr_public.batch_delete_image,
        BatchDeleteImageRequest(repository_name="web", image_ids=ids),
    )
    assert error.message == (
        "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal "
        "to 100'"
    )
    assert store_of(fake, "web").tag_index() == {"v0": next(iter(store_of(fake, "web").images))}


def test_images_of_a_repository_that_is_not_there(fake: FakeBackend) -> None:
    for call, request in (
        (fake.ecr_public.describe_images, DescribeImagesRequest(repository_name="web")),
        (fake.ecr_public.describe_image_tags, DescribeImageTagsRequest(repository_name="web")),
        (
            fake.ecr_public.batch_delete_image,
            BatchDeleteImageRequest(repository_name="web", image_ids=(ImageIdentifier(image_tag="v1"),)),
        ),
    ):
        error = _refused("RepositoryNotFoundException", call, request)
        assert error.message == f"The repository with name 'web' does not exist in the registry with id '{ACCOUNT}'"


# -- tags --------------------------------------------------------------------------------------------------------------


def _arn(name: str = "web", account: str = ACCOUNT) -> str:
    return f"arn:aws:ecr-public::{account}:repository/{name}"


def test_tag_untag_and_list(fake: FakeBackend) -> None:
    """CLI examples, tag-resource / untag-resource / list-tags-for-resource: a key tagged again takes the new value;
    an empty value is a value ("Tag an Amazon ECR Public repository", User Guide)."""
    _repo(fake, "web", tags=(Tag(key="Name", value="web"), Tag(key="stack", value="dev1")))
    fake.ecr_public.tag_resource(
        TagResourceRequest(resource_arn=_arn(), tags=(Tag(key="stack", value="dev2"), Tag(key="empty", value="")))
    )
    fake.ecr_public.untag_resource(UntagResourceRequest(resource_arn=_arn(), tag_keys=("Name", "not-there")))
    listed = fake.ecr_public.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=_arn())).tags
    assert listed == (Tag(key="stack", value="dev2"), Tag(key="empty", value=""))


@pytest.mark.parametrize(
    "arn",
    ["web", f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/web", f"arn:aws:ecr-public::{ACCOUNT}:registry/{ACCOUNT}"],
    ids=["not an ARN", "a private repository", "the registry"],
)
def test_tags_of_what_is_not_a_public_repository_arn(fake: FakeBackend, arn: str) -> None:
    """ECR's text for a resourceArn it cannot read (as getmoto/moto's ECR tests pin AWS's answer)."""
    _repo(fake, "web")
    error = _refused(
        "InvalidParameterException",
        fake.ecr_public.list_tags_for_resource,
        ListTagsForResourceRequest(resource_arn=arn),
    )
    assert error.message == "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'"


def test_tags_of_a_repository_that_is_not_there(fake: FakeBackend) -> None:
    request = TagResourceRequest(resource_arn=_arn("api"), tags=(Tag(key="k", value="v"),))
    error = _refused("RepositoryNotFoundException", fake.ecr_public.tag_resource, request)
    assert error.message == f"The repository with name 'api' does not exist in the registry with id '{ACCOUNT}'"


def test_more_than_50_tags(fake: FakeBackend) -> None:
    """TooManyTagsException: "The maximum number of tags that can be applied to a repository is 50" (API
    reference); the refused call adds none, and a refused create makes no repository."""
    _repo(fake, "web", tags=tuple(Tag(key=f"k{i}", value="v") for i in range(49)))
    request = TagResourceRequest(resource_arn=_arn(), tags=(Tag(key="a", value="v"), Tag(key="b", value="v")))
    error = _refused("TooManyTagsException", fake.ecr_public.tag_resource, request)
    assert "50" in error.message
    assert len(fake.records().ecr_public.repositories["web"].tags) == 49
    _refused("TooManyTagsException", _repo, fake, "api", tags=tuple(Tag(key=f"k{i}", value="v") for i in range(51)))
    assert "api" not in fake.records().ecr_public.repositories


@pytest.mark.parametrize(
    "tag",
    [Tag(key="k" * 129, value="v"), Tag(key="", value="v"), Tag(key="k", value="v" * 257), Tag(key="k")],
    ids=["long key", "empty key", "long value", "null value"],
)
def test_a_tag_that_is_not_one(fake: FakeBackend, tag: Tag) -> None:
    """InvalidTagParameterException with the API reference's text (keys 1 to 128 characters, values up to 256, a
    value never null)."""
    _repo(fake, "web")
    error = _refused(
        "InvalidTagParameterException",
        fake.ecr_public.tag_resource,
        TagResourceRequest(resource_arn=_arn(), tags=(tag,)),
    )
    assert error.message == (
        "An invalid parameter has been specified. Tag keys can have a maximum character length of 128 characters, "
        "and tag values can have a maximum length of 256 characters."
    )
    assert fake.records().ecr_public.repositories["web"].tags == ()


# -- Regions and accounts ----------------------------------------------------------------------------------------------


def test_another_region_has_no_endpoint(fake: FakeBackend) -> None:
    """ECR Public's API is in us-east-1 and us-west-2 only (AWS General Reference, "Amazon ECR Public endpoints
    and quotas"); elsewhere a call never gets an answer: ``Could not connect to the endpoint URL:
    "https://api.ecr-public.eu-west-2.amazonaws.com/"`` (https://github.com/aws/aws-cli/issues/5917). The typed
    API raises what Boto3Backend raises for it; a boto3 client, botocore's own exception."""
    london = fake.scoped(region="eu-west-2")
    with pytest.raises(ConnectionFailed) as info:
        london.ecr_public.describe_repositories(DescribeRepositoriesRequest())
    assert info.value.code == "EndpointConnectionError"
    expected = 'Could not connect to the endpoint URL: "https://api.ecr-public.eu-west-2.amazonaws.com/"'
    assert info.value.message == expected
    client = london.client("ecr-public")
    with pytest.raises(botocore.exceptions.EndpointConnectionError) as raw:
        client.create_repository(repositoryName="web")
    assert str(raw.value) == expected
    with pytest.raises(ConnectionFailed) as through_boto3:
        Boto3Backend(client).ecr_public.describe_registries(DescribeRegistriesRequest())
    assert (through_boto3.value.code, through_boto3.value.message) == ("EndpointConnectionError", expected)
    assert fake.scoped(region=HOME_REGION).records().ecr_public.repositories == {}


def test_us_west_2_answers_from_the_same_registry_but_gives_no_token(fake: FakeBackend) -> None:
    """us-west-2 has an endpoint; its GetAuthorizationToken is refused with AWS's text ("GetAuthorizationToken
    command is only supported in us-east-1.", https://github.com/codeship-library/aws-utilities/pull/117). Its other
    answers are undocumented: the fake serves them from the account's one public registry."""
    _repo(fake, "web")
    oregon = fake.scoped(region="us-west-2")
    names = [
        r.repository_name
        for r in oregon.ecr_public.describe_repositories(DescribeRepositoriesRequest()).repositories or ()
    ]
    assert names == ["web"]
    error = _refused(
        "UnsupportedCommandException", oregon.ecr_public.get_authorization_token, GetAuthorizationTokenRequest()
    )
    assert error.message == "GetAuthorizationToken command is only supported in us-east-1."
    with pytest.raises(botocore.exceptions.ClientError) as raw:
        oregon.client("ecr-public").get_authorization_token()
    assert raw.value.response["Error"]["Code"] == "UnsupportedCommandException"


def test_accounts_are_apart(fake: FakeBackend) -> None:
    other = fake.scoped(account=OTHER)
    _repo(fake, "web")
    put_image(fake, "web", "v1")
    assert other.ecr_public.describe_repositories(DescribeRepositoriesRequest()).repositories == ()
    _repo(other, "web")  # the same name in another account's registry
    (mine,) = fake.ecr_public.describe_registries(DescribeRegistriesRequest()).registries
    (theirs,) = other.ecr_public.describe_registries(DescribeRegistriesRequest()).registries
    assert theirs.registry_id == OTHER
    assert theirs.aliases[0].name != mine.aliases[0].name
    assert other.ecr_public.describe_images(DescribeImagesRequest(repository_name="web")).image_details == ()
    assert len(fake.ecr_public.describe_images(DescribeImagesRequest(repository_name="web")).image_details or ()) == 1


def test_another_accounts_registry_is_refused(fake: FakeBackend) -> None:
    """The fake calls as its account's root user; another account's registry needs a resource policy, which the
    fake does not evaluate yet, so the call is refused as AWS refuses an unauthorized one (AccessDeniedException,
    "User: <arn> is not authorized to perform: <action> on resource: <arn>", ECR Public User Guide, Troubleshooting
    identity and access)."""
    _repo(fake.scoped(account=OTHER), "web")
    with pytest.raises(AccessDeniedError) as info:
        fake.ecr_public.describe_images(DescribeImagesRequest(registry_id=OTHER, repository_name="web"))
    assert info.value.message == (
        f"User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform: ecr-public:DescribeImages on resource: "
        f"arn:aws:ecr-public::{OTHER}:repository/web because no resource-based policy allows the "
        "ecr-public:DescribeImages action"
    )
    with pytest.raises(AccessDeniedError):
        fake.ecr_public.tag_resource(TagResourceRequest(resource_arn=_arn(account=OTHER), tags=()))
    error = _refused(
        "InvalidParameterException",
        fake.ecr_public.describe_repositories,
        DescribeRepositoriesRequest(registry_id="12345"),
    )
    assert error.message == (
        "Invalid parameter at 'registryId' failed to satisfy constraint: "
        "'must satisfy regular expression pattern: [0-9]{12}'"
    )
    mine = fake.ecr_public.describe_repositories(DescribeRepositoriesRequest(registry_id=ACCOUNT))
    assert mine.repositories == ()


def test_public_repositories_survive_save_and_restore(fake: FakeBackend) -> None:
    _repo(fake, "web", catalog_data=RepositoryCatalogDataInput(logo_image_blob=b"logo", description="d"))
    image = put_image(fake, "web", "latest")
    fake.ecr_public.set_repository_policy(SetRepositoryPolicyRequest(repository_name="web", policy_text=POLICY))
    restored = FakeBackend.restore(fake.save())
    assert restored.save() == fake.save()
    described = restored.ecr_public.describe_images(DescribeImagesRequest(repository_name="web"))
    assert [d.image_digest for d in described.image_details or ()] == [image.digest]
    assert restored.ecr_public.describe_registries(DescribeRegistriesRequest()) == fake.ecr_public.describe_registries(
        DescribeRegistriesRequest()
    )


# -- refused calls change nothing ----------------------------------------------------------------------------------


REFUSED: dict[str, Any] = {
    "CreateRepository of a name taken": CreateRepositoryRequest(repository_name="web", tags=(Tag(key="k", value="v"),)),
    "DescribeRepositories over 1000": DescribeRepositoriesRequest(max_results=1001),
    "DeleteRepository with images": DeleteRepositoryRequest(repository_name="web"),
    "SetRepositoryPolicy not JSON": SetRepositoryPolicyRequest(repository_name="web", policy_text="{"),
    "GetRepositoryPolicy of another": GetRepositoryPolicyRequest(repository_name="api"),
    "DeleteRepositoryPolicy of another": DeleteRepositoryPolicyRequest(repository_name="api"),
    "DescribeImages of a tag not there": DescribeImagesRequest(
        repository_name="web", image_ids=(ImageIdentifier(image_tag="nope"),)
    ),
    "DescribeImageTags of a bad name": DescribeImageTagsRequest(repository_name="WEB"),
    "BatchDeleteImage of 101": BatchDeleteImageRequest(
        repository_name="web", image_ids=tuple(ImageIdentifier(image_tag=f"v{i}") for i in range(101))
    ),
    "DescribeRegistries of 0": DescribeRegistriesRequest(max_results=0),
    "PutRegistryCatalogData too long": PutRegistryCatalogDataRequest(display_name="x" * 101),
    "PutRepositoryCatalogData too long": PutRepositoryCatalogDataRequest(
        repository_name="web", catalog_data=RepositoryCatalogDataInput(description="x" * 1025)
    ),
    "GetRepositoryCatalogData of another": GetRepositoryCatalogDataRequest(repository_name="api"),
    "TagResource of a bad tag": TagResourceRequest(resource_arn=_arn(), tags=(Tag(key="k"),)),
    "UntagResource of another": UntagResourceRequest(resource_arn=_arn("api"), tag_keys=("k",)),
    "ListTagsForResource of a bad ARN": ListTagsForResourceRequest(resource_arn="web"),
}


@pytest.mark.parametrize("request_", list(REFUSED.values()), ids=list(REFUSED))
def test_a_refused_call_changes_nothing(fake: FakeBackend, request_: Any) -> None:
    _repo(fake, "web", catalog_data=RepositoryCatalogDataInput(description="d"), tags=(Tag(key="a", value="b"),))
    put_image(fake, "web", "latest")
    fake.ecr_public.set_repository_policy(SetRepositoryPolicyRequest(repository_name="web", policy_text=POLICY))
    before = fake.save()
    with pytest.raises(BackendError):
        fake.send(request_)
    assert fake.save() == before


def test_describe_registries_is_one_page_of_one(fake: FakeBackend) -> None:
    answer = fake.ecr_public.describe_registries(DescribeRegistriesRequest(max_results=1))
    assert len(answer.registries) == 1
    assert answer.next_token is None
