"""The wire models ECR Public answers with, rendered from the fake's records (a repository, its catalog data, its
images and tags, the registry)."""

from __future__ import annotations

from ecskit.backends.fake.core.ecr import ImageRecord
from ecskit.backends.fake.core.ecr_public import PUBLIC_HOST, PublicRegistry, PublicRepositoryRecord, registry_arn
from ecskit.models.ecr_public import (
    ImageDetail,
    ReferencedImageDetail,
    Registry,
    RegistryAlias,
    RegistryAliasStatus,
    Repository,
    RepositoryCatalogData,
)

__all__ = ["artifact_media_type", "catalog", "image_detail", "referenced_image", "registry", "repository"]


def repository(record: PublicRepositoryRecord) -> Repository:
    """A repository as CreateRepository, DescribeRepositories and DeleteRepository show it."""
    return Repository(
        repository_arn=record.arn,
        registry_id=record.registry_id,
        repository_name=record.name,
        repository_uri=record.uri,
        created_at=record.created_at,
    )


def catalog(record: PublicRepositoryRecord) -> RepositoryCatalogData:
    """A repository's catalog data; empty (``{}`` on the wire) when none was given, as CreateRepository answers
    (AWS CLI examples, ``aws ecr-public create-repository``)."""
    return record.catalog or RepositoryCatalogData()


def artifact_media_type(record: PublicRepositoryRecord, image: ImageRecord) -> str | None:
    """An image's ``artifactMediaType``: its artifact type, else the media type of its config blob (what AWS shows
    for a container image, ``application/vnd.docker.container.image.v1+json``), when known."""
    if image.artifact_media_type is not None:
        return image.artifact_media_type
    config = record.store.blobs.get(image.blobs[0]) if image.blobs else None
    return config.media_type if config is not None else None


def image_detail(record: PublicRepositoryRecord, image: ImageRecord) -> ImageDetail:
    """An image as DescribeImages shows it (no ``imageTags`` for an untagged image)."""
    return ImageDetail(
        registry_id=record.registry_id,
        repository_name=record.name,
        image_digest=image.digest,
        image_tags=tuple(image.tags) or None,
        image_size_in_bytes=image.size,
        image_pushed_at=image.pushed_at,
        image_manifest_media_type=image.media_type,
        artifact_media_type=artifact_media_type(record, image),
    )


def referenced_image(record: PublicRepositoryRecord, image: ImageRecord) -> ReferencedImageDetail:
    """The image a tag names, as DescribeImageTags shows it."""
    return ReferencedImageDetail(
        image_digest=image.digest,
        image_size_in_bytes=image.size,
        image_pushed_at=image.pushed_at,
        image_manifest_media_type=image.media_type,
        artifact_media_type=artifact_media_type(record, image),
    )


def registry(account: str, record: PublicRegistry) -> Registry:
    """An account's public registry as DescribeRegistries shows it: unverified, with its default alias (ACTIVE,
    primary and default) once it has one. Before its first repository a registry has no alias yet ("A default
    alias is assigned to your public registry after creating your first public repository", ECR Public User
    Guide, Public registries); what AWS shows then is not documented, and the fake shows no alias and the bare
    host as the URI."""
    alias = record.alias
    aliases = (
        (
            RegistryAlias(
                name=alias, status=RegistryAliasStatus.ACTIVE, primary_registry_alias=True, default_registry_alias=True
            ),
        )
        if alias
        else ()
    )
    return Registry(
        registry_id=account,
        registry_arn=registry_arn(account),
        registry_uri=f"{PUBLIC_HOST}/{alias}" if alias else PUBLIC_HOST,
        verified=False,
        aliases=aliases,
    )
