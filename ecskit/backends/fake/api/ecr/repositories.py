"""Repositories: CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability,
PutImageScanningConfiguration.

What ECR checks and says is in :mod:`~ecskit.backends.fake.engine.ecr_repositories`. The texts of the exceptions
of a missing, taken or non-empty repository are the ones moto records for ECR (getmoto/moto, ``moto/ecr/
exceptions.py``): ``The repository with name 'web' does not exist in the registry with id '123456789012'``, ``...
already exists in the registry with id ...`` and ``The repository with name 'web' in registry with id
'123456789012' cannot be deleted because it still contains images``. Every operation honours ``registryId``:
another account's registry is reached when its policies allow the caller
(:mod:`~ecskit.backends.fake.engine.ecr_access`).
"""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine.ecr_access import authorize, target
from ecskit.backends.fake.engine.ecr_repositories import (
    check_mutability,
    check_name,
    drop_repository,
    new_repository,
    open_repository,
    shown,
)
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    CreateRepositoryRequest,
    CreateRepositoryResponse,
    DeleteRepositoryRequest,
    DeleteRepositoryResponse,
    DescribeRepositoriesRequest,
    DescribeRepositoriesResponse,
    ImageScanningConfiguration,
    ImageTagMutability,
    PutImageScanningConfigurationRequest,
    PutImageScanningConfigurationResponse,
    PutImageTagMutabilityRequest,
    PutImageTagMutabilityResponse,
)
from ecskit.texts import ecr

__all__ = [
    "create_repository",
    "delete_repository",
    "describe_repositories",
    "put_image_scanning_configuration",
    "put_image_tag_mutability",
]


@handles(CreateRepositoryRequest)
def create_repository(env: Env, req: CreateRepositoryRequest) -> CreateRepositoryResponse:
    """CreateRepository: a new repository with its settings (MUTABLE, AES256 and no scan on push by default)."""
    check_name(req.repository_name)
    where = target(env, req.registry_id)
    authorize(env, where, None, "ecr:CreateRepository", name=req.repository_name)
    scanning = req.image_scanning_configuration
    record = new_repository(
        where,
        req.repository_name,
        tag_mutability=ImageTagMutability(req.image_tag_mutability or ImageTagMutability.MUTABLE),
        mutability_exclusions=req.image_tag_mutability_exclusion_filters,
        scan_on_push=bool(scanning is not None and scanning.scan_on_push),
        encryption=req.encryption_configuration,
        tags=tuple(req.tags or ()),
    )
    return CreateRepositoryResponse(repository=shown(record))


@handles(DescribeRepositoriesRequest)
def describe_repositories(env: Env, req: DescribeRepositoriesRequest) -> DescribeRepositoriesResponse:
    """DescribeRepositories: the named repositories (RepositoryNotFoundException for the first that is not there),
    or every repository of the registry in creation order, 100 a page by default (``maxResults`` up to 1000)."""
    if req.repository_names is not None:
        if req.next_token is not None or req.max_results is not None:
            refuse(ecr.DESCRIBE_NAMES_WITH_PAGING)
        if not 1 <= len(req.repository_names) <= 100:
            refuse(ecr.CONSTRAINT, member="repositoryNames", constraint="must have length between 1 and 100")
        found = [
            open_repository(env, req.registry_id, name, "ecr:DescribeRepositories")[1] for name in req.repository_names
        ]
        return DescribeRepositoriesResponse(repositories=tuple(shown(r) for r in found))
    where = target(env, req.registry_id)
    authorize(env, where, None, "ecr:DescribeRepositories")
    records = list(where.state.ecr.repositories.values())
    page, token = paginate(records, req.next_token, req.max_results or 100, limit=1000, texts=ECR_PAGING)
    return DescribeRepositoriesResponse(repositories=tuple(shown(r) for r in page), next_token=token)


@handles(DeleteRepositoryRequest)
def delete_repository(env: Env, req: DeleteRepositoryRequest) -> DeleteRepositoryResponse:
    """DeleteRepository: a repository that holds images only with ``force`` (RepositoryNotEmptyException)."""
    where, record = open_repository(env, req.registry_id, req.repository_name, "ecr:DeleteRepository")
    if record.store.images and not req.force:
        refuse(ecr.REPOSITORY_NOT_EMPTY, name=record.name, registry=where.account)
    drop_repository(where, record)
    return DeleteRepositoryResponse(repository=shown(record))


@handles(PutImageTagMutabilityRequest)
def put_image_tag_mutability(env: Env, req: PutImageTagMutabilityRequest) -> PutImageTagMutabilityResponse:
    """PutImageTagMutability: MUTABLE, IMMUTABLE, or either with exclusion filters (which the ``*_WITH_EXCLUSION``
    values need)."""
    where, record = open_repository(env, req.registry_id, req.repository_name, "ecr:PutImageTagMutability")
    mutability = ImageTagMutability(req.image_tag_mutability)
    exclusions = check_mutability(mutability, req.image_tag_mutability_exclusion_filters)
    record.tag_mutability, record.mutability_exclusions = mutability, exclusions
    return PutImageTagMutabilityResponse(
        registry_id=where.account,
        repository_name=record.name,
        image_tag_mutability=mutability,
        image_tag_mutability_exclusion_filters=exclusions or None,
    )


@handles(PutImageScanningConfigurationRequest)
def put_image_scanning_configuration(
    env: Env, req: PutImageScanningConfigurationRequest
) -> PutImageScanningConfigurationResponse:
    """PutImageScanningConfiguration: the repository's own scan on push flag (see
    :mod:`~ecskit.backends.fake.engine.ecr_registry` for how it meets the registry's scanning rules)."""
    where, record = open_repository(env, req.registry_id, req.repository_name, "ecr:PutImageScanningConfiguration")
    record.scan_on_push = bool(req.image_scanning_configuration.scan_on_push)
    return PutImageScanningConfigurationResponse(
        registry_id=where.account,
        repository_name=record.name,
        image_scanning_configuration=ImageScanningConfiguration(scan_on_push=record.scan_on_push),
    )
