"""Repositories of the fake's ECR: made (:func:`new_repository`), checked as ECR checks them, shown
(:func:`shown`), and forgotten (:func:`drop_repository`).

What ECR refuses, and with what (InvalidParameterException unless said otherwise):

* a name that is not 2 to 256 characters of ECR's pattern: ``Invalid parameter at 'repositoryName' failed to
  satisfy constraint: 'must satisfy regular expression '<pattern>''`` (the form quoted in
  aws-samples/aws-msk-content-streaming#3; the pattern is the one of the current API reference) and ``... 'must
  have length greater than or equal to 2'`` (aws/aws-dotnet-deploy#549);
* a name taken: RepositoryAlreadyExistsException ``The repository with name 'web' already exists in the registry
  with id '123456789012'``;
* ``*_WITH_EXCLUSION`` without exclusion filters: ``Invalid parameter at 'imageTagMutabilityExclusionFilters'
  failed to satisfy constraint: 'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as
  IMMUTABLE_WITH_EXCLUSION'`` (aws/aws-cdk#35246); filters with MUTABLE or IMMUTABLE, and malformed filters, are
  refused in the same form (ecskit's wording);
* tags: InvalidTagParameterException for a key of 1..128 characters or a value of at most 256 not kept, or a key
  starting ``aws:``, and TooManyTagsException beyond 50 tags, with the texts of the API reference's error list
  ("Tag keys can have a maximum character length of 128 characters, and tag values can have a maximum length of 256
  characters."; "The maximum number of tags that can be applied to a repository is 50.").

Encryption is kept as given and shown (AES256 by default; KMS and KMS_DSSE without a key use the account's AWS
managed ``aws/ecr`` key, whose ARN the fake makes up once per registry).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecskit.backends.fake.core.ecr import RepositoryRecord, find_repository, registry_host
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_access import authorize, target
from ecskit.backends.fake.engine.ecr_scans import close_findings
from ecskit.models.ecr import (
    EncryptionConfiguration,
    EncryptionType,
    ImageScanningConfiguration,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    Repository,
    Tag,
)
from ecskit.texts import ecr

__all__ = [
    "MAX_TAGS",
    "NAME_PATTERN",
    "check_mutability",
    "check_name",
    "check_tags",
    "drop_repository",
    "merge_tags",
    "new_repository",
    "open_repository",
    "repository_arn",
    "shown",
]

#: ECR's repository name pattern (the API reference's ``RepositoryName``), 2 to 256 characters.
NAME_PATTERN = r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
_NAME = re.compile(NAME_PATTERN)
#: The most tags a repository has.
MAX_TAGS = 50
_FILTER = re.compile(r"[0-9a-zA-Z._*-]{1,128}")
_EXCLUSION = (ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, ImageTagMutability.MUTABLE_WITH_EXCLUSION)


def check_name(name: str, member: str = "repositoryName") -> None:
    """Refuse a repository name ECR does not take (InvalidParameterException naming ``member``)."""
    if len(name) < 2:
        refuse(ecr.CONSTRAINT, member=member, constraint="must have length greater than or equal to 2")
    if len(name) > 256:
        refuse(ecr.CONSTRAINT, member=member, constraint="must have length less than or equal to 256")
    if _NAME.fullmatch(name) is None:
        refuse(ecr.CONSTRAINT, member=member, constraint=f"must satisfy regular expression '{NAME_PATTERN}'")


def check_tags(tags: Iterable[Tag]) -> None:
    """Refuse tags ECR does not take (InvalidTagParameterException), one request's worth."""
    for tag in tags:
        if not 1 <= len(tag.key) <= 128 or len(tag.value) > 256 or tag.key.lower().startswith("aws:"):
            refuse(ecr.TAGS_INVALID)


def merge_tags(current: Iterable[Tag], added: Iterable[Tag]) -> tuple[Tag, ...]:
    """The tags of a repository after TagResource: ``added`` replace the values of keys already there, in order;
    TooManyTagsException beyond :data:`MAX_TAGS`."""
    merged = {tag.key: tag for tag in current}
    for tag in added:
        merged[tag.key] = tag
    if len(merged) > MAX_TAGS:
        refuse(ecr.TOO_MANY_TAGS)
    return tuple(merged.values())


def check_mutability(
    mutability: ImageTagMutability, filters: tuple[ImageTagMutabilityExclusionFilter, ...] | None
) -> tuple[ImageTagMutabilityExclusionFilter, ...]:
    """The exclusion filters that go with ``mutability`` (InvalidParameterException when they do not)."""
    member = "imageTagMutabilityExclusionFilters"
    if mutability in _EXCLUSION:
        if not filters:
            text = f"ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as {mutability}"
            refuse(ecr.CONSTRAINT, member=member, constraint=text)
    elif filters is not None:
        text = (
            "ImageTagMutabilityExclusionFilters can only be set when imageTagMutability is set as "
            "IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION"
        )
        refuse(ecr.CONSTRAINT, member=member, constraint=text)
    found = tuple(filters or ())
    if len(found) > 5:
        refuse(ecr.CONSTRAINT, member=member, constraint="must have length less than or equal to 5")
    for one in found:
        if not _FILTER.fullmatch(one.filter):
            refuse(
                ecr.CONSTRAINT, member=member, constraint="must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$'"
            )
    return found


def repository_arn(env: Env, name: str) -> str:
    """``arn:aws:ecr:<region>:<account>:repository/<name>`` of a repository of the registry ``env``."""
    return env.arn(f"repository/{name}", "ecr")


def _encryption(env: Env, given: EncryptionConfiguration | None) -> EncryptionConfiguration:
    if given is None:
        return EncryptionConfiguration(encryption_type=EncryptionType.AES256)
    if given.encryption_type == EncryptionType.AES256 or given.kms_key:
        return given
    registry = env.state.ecr
    if registry.managed_key is None:
        registry.managed_key = env.arn(f"key/{env.ids.uuid()}", "kms")
    return EncryptionConfiguration(encryption_type=given.encryption_type, kms_key=registry.managed_key)


def new_repository(
    env: Env,
    name: str,
    *,
    tag_mutability: ImageTagMutability = ImageTagMutability.MUTABLE,
    mutability_exclusions: tuple[ImageTagMutabilityExclusionFilter, ...] | None = None,
    scan_on_push: bool = False,
    encryption: EncryptionConfiguration | None = None,
    tags: tuple[Tag, ...] = (),
    policy: str | None = None,
    lifecycle_policy: str | None = None,
    created_by: str | None = None,
) -> RepositoryRecord:
    """Make and store a repository of the registry ``env`` (its account and Region), as CreateRepository does:
    the name, tags and mutability settings checked first (nothing is stored when one is refused). ``policy`` and
    ``lifecycle_policy`` are stored as given: check them first (``ecr_policies.check_repository_policy``, ...);
    ``created_by`` says what made it when not CreateRepository (``PULL_THROUGH_CACHE``, ``REPLICATION``)."""
    check_name(name)
    registry = env.state.ecr
    if name in registry.repositories:
        refuse(ecr.REPOSITORY_EXISTS, name=name, registry=env.account)
    exclusions = check_mutability(tag_mutability, mutability_exclusions)
    check_tags(tags)
    kept = merge_tags((), tags)
    record = RepositoryRecord(
        name=name,
        arn=repository_arn(env, name),
        registry_id=env.account,
        uri=f"{registry_host(env.account, env.region)}/{name}",
        created_at=env.clock.now(),
        tag_mutability=tag_mutability,
        mutability_exclusions=exclusions,
        scan_on_push=scan_on_push,
        encryption=_encryption(env, encryption),
        policy=policy,
        lifecycle_policy=lifecycle_policy,
        lifecycle_set_at=env.clock.now() if lifecycle_policy is not None else None,
        tags=kept,
        created_by=created_by,
    )
    registry.repositories[name] = record
    return record


def open_repository(env: Env, registry_id: str | None, name: str, action: str) -> tuple[Env, RepositoryRecord]:
    """The registry a call names and its repository ``name``, once the caller is allowed ``action`` on it: the name
    checked, then the caller authorised (on the repository ARN even when there is none, so that another account
    learns nothing of what exists), then RepositoryNotFoundException."""
    check_name(name)
    where = target(env, registry_id)
    found = where.state.ecr.repositories.get(name)
    authorize(env, where, found, action, name=name)
    return where, found if found is not None else find_repository(where.state.ecr, name, where.account)


def drop_repository(env: Env, record: RepositoryRecord) -> None:
    """Forget a repository of the registry ``env``, with everything it holds (the findings of its images close)."""
    del env.state.ecr.repositories[record.name]
    for image in record.store.images.values():
        close_findings(env, record, image)


def shown(record: RepositoryRecord) -> Repository:
    """A repository as ECR describes it."""
    return Repository(
        repository_arn=record.arn,
        registry_id=record.registry_id,
        repository_name=record.name,
        repository_uri=record.uri,
        created_at=record.created_at,
        image_tag_mutability=record.tag_mutability,
        image_tag_mutability_exclusion_filters=record.mutability_exclusions or None,
        image_scanning_configuration=ImageScanningConfiguration(scan_on_push=record.scan_on_push),
        encryption_configuration=record.encryption,
    )
