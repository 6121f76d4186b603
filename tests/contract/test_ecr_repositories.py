"""Contract: ECR repositories behave the same on every backend (create, describe and its pages, tags, tag
mutability, delete).

Sources: the ECR API reference (CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability,
TagResource: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/) and ECR's texts as AWS CLI users quote
them ("The repository with name 'springboot-jenkins-ecr-repo' already exists in the registry with id
'761018881666'"; "The repository with name 'oresvc' does not exist in the registry with id '904734893309'").
"""

from __future__ import annotations

import re

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import ConflictError, InvalidRequestError, NotFoundError
from ecskit.models.ecr import (
    CreateRepositoryRequest,
    DeleteRepositoryRequest,
    DescribeRepositoriesRequest,
    EncryptionType,
    ImageTagMutability,
    ListTagsForResourceRequest,
    PutImageTagMutabilityRequest,
    Tag,
    TagResourceRequest,
    UntagResourceRequest,
)
from tests.contract.conftest import moto_differs
from tests.contract.ecr_support import image, push, remove_repository, repository


def _describe(backend: Backend, name: str) -> list[str]:
    found = backend.ecr.describe_repositories(DescribeRepositoriesRequest(repository_names=(name,))).repositories
    return [r.repository_name or "" for r in found or ()]


def test_create_shows_ecrs_defaults(backend: Backend) -> None:
    with repository(backend, "contract-ecr/web") as created:
        account = created.registry_id or ""
        assert re.fullmatch(r"\d{12}", account)
        assert created.repository_name == "contract-ecr/web"
        assert re.fullmatch(
            rf"arn:aws:ecr:[a-z0-9-]+:{account}:repository/contract-ecr/web", created.repository_arn or ""
        )
        assert re.fullmatch(
            rf"{account}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/contract-ecr/web", created.repository_uri or ""
        )
        assert created.image_tag_mutability == ImageTagMutability.MUTABLE
        assert created.image_scanning_configuration is not None
        assert created.image_scanning_configuration.scan_on_push is False
        assert created.encryption_configuration is not None
        assert created.encryption_configuration.encryption_type == EncryptionType.AES256
        assert created.created_at is not None
        described = backend.ecr.describe_repositories(
            DescribeRepositoriesRequest(repository_names=("contract-ecr/web",))
        ).repositories
        assert [r.repository_arn for r in described or ()] == [created.repository_arn]


def test_a_name_is_taken_once(backend: Backend) -> None:
    with repository(backend, "contract-ecr-twice") as created:
        with pytest.raises(ConflictError) as info:
            backend.ecr.create_repository(CreateRepositoryRequest(repository_name="contract-ecr-twice"))
        assert info.value.code == "RepositoryAlreadyExistsException"
        assert info.value.message == (
            f"The repository with name 'contract-ecr-twice' already exists in the registry with id "
            f"'{created.registry_id}'"
        )


def test_a_name_ecr_does_not_take_is_refused(backend: Backend) -> None:
    # Repository names are lower case (the pattern of CreateRepository's repositoryName).
    with pytest.raises(InvalidRequestError) as info:
        backend.ecr.create_repository(CreateRepositoryRequest(repository_name="Contract_Upper"))
    assert info.value.code == "InvalidParameterException"
    assert _describe_all(backend, "Contract_Upper") == []


def _describe_all(backend: Backend, name: str) -> list[str]:
    listed = backend.ecr.describe_repositories(DescribeRepositoriesRequest()).repositories or ()
    return [r.repository_name or "" for r in listed if r.repository_name == name]


def test_describe_an_unknown_repository(backend: Backend) -> None:
    with repository(backend, "contract-ecr-known") as known, pytest.raises(NotFoundError) as info:
        _describe(backend, "contract-ecr-unknown")
    assert info.value.code == "RepositoryNotFoundException"
    assert info.value.message == (
        f"The repository with name 'contract-ecr-unknown' does not exist in the registry with id '{known.registry_id}'"
    )


def test_describe_pages_through_every_repository(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS returns at most maxResults repositories per DescribeRepositories page, with a nextToken; moto ignores "
        "maxResults and returns them all at once",
    )
    names = [f"contract-ecr-page-{n}" for n in range(5)]
    try:
        for name in names:
            backend.ecr.create_repository(CreateRepositoryRequest(repository_name=name))
        pages = list(backend.paginate(DescribeRepositoriesRequest(max_results=2)))
        listed = [r.repository_name for page in pages for r in page.repositories or ()]
        assert all(len(page.repositories or ()) <= 2 for page in pages)
        assert set(listed) >= set(names)
        assert len(listed) == len(set(listed))  # no page repeats another
        assert len(pages) >= 3
    finally:
        for name in names:
            remove_repository(backend, name)


def test_tags_at_creation_and_after(backend: Backend) -> None:
    created = backend.ecr.create_repository(
        CreateRepositoryRequest(repository_name="contract-ecr-tags", tags=(Tag(key="team", value="web"),))
    ).repository
    assert created is not None
    arn = created.repository_arn or ""
    try:
        ecr = backend.ecr

        def tags() -> dict[str, str]:
            listed = ecr.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags or ()
            return {t.key: t.value for t in listed}

        assert tags() == {"team": "web"}
        ecr.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="env", value="prod"),)))
        assert tags() == {"team": "web", "env": "prod"}
        ecr.tag_resource(TagResourceRequest(resource_arn=arn, tags=(Tag(key="team", value="api"),)))
        assert tags() == {"team": "api", "env": "prod"}  # a key tagged again takes the new value
        ecr.untag_resource(UntagResourceRequest(resource_arn=arn, tag_keys=("team",)))
        assert tags() == {"env": "prod"}
    finally:
        remove_repository(backend, "contract-ecr-tags")


def test_tag_mutability_is_set_and_shown(backend: Backend) -> None:
    with repository(backend, "contract-ecr-mutability"):
        put = backend.ecr.put_image_tag_mutability(
            PutImageTagMutabilityRequest(
                repository_name="contract-ecr-mutability", image_tag_mutability=ImageTagMutability.IMMUTABLE
            )
        )
        assert put.repository_name == "contract-ecr-mutability"
        assert put.image_tag_mutability == ImageTagMutability.IMMUTABLE
        described = backend.ecr.describe_repositories(
            DescribeRepositoriesRequest(repository_names=("contract-ecr-mutability",))
        ).repositories
        assert [r.image_tag_mutability for r in described or ()] == [ImageTagMutability.IMMUTABLE]


def test_an_empty_repository_is_deleted(backend: Backend) -> None:
    with repository(backend, "contract-ecr-empty") as created:
        deleted = backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name="contract-ecr-empty"))
        assert deleted.repository is not None
        assert deleted.repository.repository_arn == created.repository_arn
        with pytest.raises(NotFoundError):
            _describe(backend, "contract-ecr-empty")


def test_a_repository_with_images_needs_force(backend: Backend) -> None:
    with repository(backend, "contract-ecr-full"):
        push(backend, "contract-ecr-full", image(), "v1")
        with pytest.raises(ConflictError) as info:
            backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name="contract-ecr-full"))
        assert info.value.code == "RepositoryNotEmptyException"
        assert _describe(backend, "contract-ecr-full") == ["contract-ecr-full"]  # the refusal changed nothing
        backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name="contract-ecr-full", force=True))
        with pytest.raises(NotFoundError):
            _describe(backend, "contract-ecr-full")


def test_delete_an_unknown_repository(backend: Backend) -> None:
    with pytest.raises(NotFoundError) as info:
        backend.ecr.delete_repository(DeleteRepositoryRequest(repository_name="contract-ecr-none"))
    assert info.value.code == "RepositoryNotFoundException"
