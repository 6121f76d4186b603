"""Contract: ECR Public repositories behave the same on every backend.

Sources: the ECR Public API reference (CreateRepository, DescribeRepositories, DeleteRepository:
https://docs.aws.amazon.com/AmazonECRPublic/latest/APIReference/); a public repository's URI is
``public.ecr.aws/<registry alias>/<name>`` and its ARN ``arn:aws:ecr-public::<account>:repository/<name>`` (ECR
Public has no Region in its ARNs; its API is served from us-east-1 only: run the ``aws`` backend there).

moto has no ECR Public (its server fails every call; in-process, moto answers ``404: Not yet implemented``): every
test here is an expected failure on moto.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import BackendError, ConflictError, NotFoundError
from ecskit.models.ecr_public import (
    CreateRepositoryRequest,
    DeleteRepositoryRequest,
    DescribeRepositoriesRequest,
)
from tests.contract.conftest import moto_differs

NAME = "contract-ecr-public"


@pytest.fixture(autouse=True)
def _no_repository_left(backend: Backend) -> Iterator[None]:
    """A public repository outlives a test on AWS: remove the test's."""
    yield
    with contextlib.suppress(BackendError):
        backend.ecr_public.delete_repository(DeleteRepositoryRequest(repository_name=NAME, force=True))


def test_create_describe_delete(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS creates, describes and deletes ECR Public repositories; moto has no ecr-public backend: its server fails "
        "every call (HTTP 500; in-process, 404 Not yet implemented)",
    )
    public = backend.ecr_public
    created = public.create_repository(CreateRepositoryRequest(repository_name=NAME)).repository
    assert created is not None
    account = created.registry_id or ""
    assert re.fullmatch(r"\d{12}", account)
    assert created.repository_arn == f"arn:aws:ecr-public::{account}:repository/{NAME}"
    assert re.fullmatch(rf"public\.ecr\.aws/[a-z0-9-]+/{NAME}", created.repository_uri or "")
    described = public.describe_repositories(DescribeRepositoriesRequest(repository_names=(NAME,))).repositories
    assert [r.repository_arn for r in described or ()] == [created.repository_arn]
    deleted = public.delete_repository(DeleteRepositoryRequest(repository_name=NAME)).repository
    assert deleted is not None
    assert deleted.repository_arn == created.repository_arn
    with pytest.raises(NotFoundError) as info:
        public.describe_repositories(DescribeRepositoriesRequest(repository_names=(NAME,)))
    assert info.value.code == "RepositoryNotFoundException"


def test_a_name_is_taken_once(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS refuses a second public repository of a name with RepositoryAlreadyExistsException; moto has no ecr-public"
        " backend: its server fails every call (HTTP 500; in-process, 404 Not yet implemented)",
    )
    backend.ecr_public.create_repository(CreateRepositoryRequest(repository_name=NAME))
    with pytest.raises(ConflictError) as info:
        backend.ecr_public.create_repository(CreateRepositoryRequest(repository_name=NAME))
    assert info.value.code == "RepositoryAlreadyExistsException"


def test_delete_an_unknown_repository(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS answers the deletion of a public repository that does not exist with RepositoryNotFoundException; moto has"
        " no ecr-public backend: its server fails every call (HTTP 500; in-process, 404 Not yet implemented)",
    )
    with pytest.raises(NotFoundError) as info:
        backend.ecr_public.delete_repository(DeleteRepositoryRequest(repository_name=NAME))
    assert info.value.code == "RepositoryNotFoundException"
