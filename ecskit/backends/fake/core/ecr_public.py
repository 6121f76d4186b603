"""The fake's Amazon ECR Public records: each account's public registry (:class:`PublicRegistry`) and its
repositories (:class:`PublicRepositoryRecord`), whose images are kept as ECR keeps them
(:class:`~ecskit.backends.fake.core.ecr.ImageStore`)."""

from __future__ import annotations

import datetime

import attrs

from ecskit.backends.fake.core.ecr import ImageStore
from ecskit.backends.fake.core.errors import fail
from ecskit.models.ecr_public import RegistryCatalogData, RepositoryCatalogData, Tag

__all__ = ["PublicRegistry", "PublicRepositoryRecord", "find_public_repository"]


@attrs.define(kw_only=True)
class PublicRepositoryRecord:
    """One public repository."""

    name: str
    arn: str
    registry_id: str
    #: ``public.ecr.aws/<alias>/<name>``
    uri: str
    created_at: datetime.datetime
    catalog: RepositoryCatalogData | None = None
    #: the repository policy's text, as set
    policy: str | None = None
    tags: tuple[Tag, ...] = ()
    store: ImageStore = attrs.field(factory=ImageStore)


@attrs.define(kw_only=True)
class PublicRegistry:
    """One account's public registry (ECR Public lives in us-east-1; the fake keeps it per Region it is called in)."""

    #: the registry's default alias (``public.ecr.aws/<alias>``), made on first use
    alias: str | None = None
    catalog: RegistryCatalogData | None = None
    #: repository name -> repository (in creation order)
    repositories: dict[str, PublicRepositoryRecord] = attrs.field(factory=dict)


def find_public_repository(registry: PublicRegistry, name: str, registry_id: str) -> PublicRepositoryRecord:
    """The public repository of ``name``, or ECR Public's RepositoryNotFoundException."""
    found = registry.repositories.get(name)
    if found is None:
        fail(
            "RepositoryNotFoundException",
            f"The repository with name '{name}' does not exist in the registry with id '{registry_id}'",
        )
    return found
