"""Public repositories: CreateRepository, DescribeRepositories, DeleteRepository.

* A repository's URI is ``public.ecr.aws/<alias>/<name>`` and its ARN has no Region
  (``arn:aws:ecr-public::123456789012:repository/<name>``); the registry gets its default alias with its first
  repository (see :func:`~ecskit.backends.fake.core.ecr_public.default_alias`).
* CreateRepository answers with the catalog data too, ``{}`` when none was given (AWS CLI examples of
  ``aws ecr-public create-repository``).
* DeleteRepository refuses a repository that holds images unless ``force`` is set, with ECR's text.
"""

from __future__ import annotations

from ecskit.backends.fake.api.ecr_public import render
from ecskit.backends.fake.core.ecr_public import (
    PUBLIC_HOST,
    PublicRepositoryRecord,
    default_alias,
    find_public_repository,
    repository_arn,
)
from ecskit.backends.fake.core.ecr_public_input import (
    catalog_of,
    check_length,
    check_max_results,
    check_repository_name,
    constraint,
    merged_tags,
)
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PUBLIC_PAGING, paginate
from ecskit.backends.fake.engine.ecr_public import registry_of, repository_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr_public import (
    CreateRepositoryRequest,
    CreateRepositoryResponse,
    DeleteRepositoryRequest,
    DeleteRepositoryResponse,
    DescribeRepositoriesRequest,
    DescribeRepositoriesResponse,
)
from ecskit.texts import ecr

__all__ = ["create_repository", "delete_repository", "describe_repositories"]


@handles(CreateRepositoryRequest)
def create_repository(env: Env, req: CreateRepositoryRequest) -> CreateRepositoryResponse:
    """CreateRepository: RepositoryAlreadyExistsException for a name taken (ECR's text)."""
    where = registry_of(env, "CreateRepository")
    name = req.repository_name
    check_repository_name(name)
    catalog = catalog_of(req.catalog_data) if req.catalog_data is not None else None
    tags = merged_tags((), req.tags or ())
    registry = where.state.ecr_public
    if name in registry.repositories:
        refuse(ecr.PUBLIC_REPOSITORY_EXISTS, name=name, registry=where.account)
    alias = registry.alias = registry.alias or default_alias(where.account)
    record = registry.repositories[name] = PublicRepositoryRecord(
        name=name,
        arn=repository_arn(where.account, name),
        registry_id=where.account,
        uri=f"{PUBLIC_HOST}/{alias}/{name}",
        created_at=env.clock.now(),
        catalog=catalog,
        tags=tags,
    )
    return CreateRepositoryResponse(repository=render.repository(record), catalog_data=render.catalog(record))


@handles(DescribeRepositoriesRequest)
def describe_repositories(env: Env, req: DescribeRepositoriesRequest) -> DescribeRepositoriesResponse:
    """DescribeRepositories: the repositories named (RepositoryNotFoundException for one that is not there), or a
    page of all of them in creation order (100 unless ``maxResults`` says otherwise, at most 1000).

    Paging with ``repositoryNames`` is refused: "If you specify repositories with repositoryNames, you can't use
    this option" (API reference, DescribeRepositories); the text of that refusal is ecskit's."""
    where = registry_of(env, "DescribeRepositories", req.registry_id)
    registry = where.state.ecr_public
    names = req.repository_names
    if names is not None:
        check_length("repositoryNames", names, low=1, high=100)
        if req.next_token is not None or req.max_results is not None:
            constraint("repositoryNames", "nextToken and maxResults cannot be used with repositoryNames")
        for name in names:
            check_repository_name(name, "repositoryNames.member")
        found = [find_public_repository(registry, name, where.account) for name in dict.fromkeys(names)]
        return DescribeRepositoriesResponse(repositories=tuple(render.repository(r) for r in found))
    page, token = paginate(
        list(registry.repositories.values()),
        req.next_token,
        check_max_results(req.max_results),
        limit=1000,
        texts=ECR_PUBLIC_PAGING,
    )
    return DescribeRepositoriesResponse(repositories=tuple(render.repository(r) for r in page), next_token=token)


@handles(DeleteRepositoryRequest)
def delete_repository(env: Env, req: DeleteRepositoryRequest) -> DeleteRepositoryResponse:
    """DeleteRepository: with ``force``, its images go with it; without, a repository that holds images is a
    RepositoryNotEmptyException (ECR's text)."""
    where, record = repository_of(env, "DeleteRepository", req.registry_id, req.repository_name)
    name = record.name
    if record.store.images and not req.force:
        refuse(ecr.PUBLIC_REPOSITORY_NOT_EMPTY, name=name, registry=where.account)
    del where.state.ecr_public.repositories[name]
    return DeleteRepositoryResponse(repository=render.repository(record))
