"""Making the fake's private ECR repositories: the one place a :class:`~ecskit.backends.fake.core.ecr.RepositoryRecord`
is built (CreateRepository, a pull-through cache's first pull, replication and tests all make them here).
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr import RepositoryRecord, registry_host
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail
from ecskit.models.ecr import (
    EncryptionConfiguration,
    EncryptionType,
    ImageTagMutability,
    ImageTagMutabilityExclusionFilter,
    Tag,
)

__all__ = ["new_repository"]


def new_repository(
    env: Env,
    name: str,
    *,
    tag_mutability: ImageTagMutability = ImageTagMutability.MUTABLE,
    mutability_exclusions: tuple[ImageTagMutabilityExclusionFilter, ...] = (),
    scan_on_push: bool = False,
    encryption: EncryptionConfiguration | None = None,
    tags: tuple[Tag, ...] = (),
    created_by: str | None = None,
) -> RepositoryRecord:
    """Make and store repository ``name`` in the private registry of ``env``'s account and Region: its ARN
    (``arn:aws:ecr:<region>:<account>:repository/<name>``), URI (``<account>.dkr.ecr.<region>.amazonaws.com/<name>``)
    and creation time (now), empty, AES256-encrypted unless ``encryption`` says otherwise.

    It checks only that the name is free (RepositoryAlreadyExistsException, ECR's text); what a request must satisfy
    (the name's pattern, the settings' values) is the caller's to check first.
    """
    registry = env.state.ecr
    if name in registry.repositories:
        fail(
            "RepositoryAlreadyExistsException",
            f"The repository with name '{name}' already exists in the registry with id '{env.account}'",
        )
    record = RepositoryRecord(
        name=name,
        arn=env.arn(f"repository/{name}", "ecr"),
        registry_id=env.account,
        uri=f"{registry_host(env.account, env.region)}/{name}",
        created_at=env.clock.now(),
        tag_mutability=tag_mutability,
        mutability_exclusions=mutability_exclusions,
        scan_on_push=scan_on_push,
        encryption=encryption or EncryptionConfiguration(encryption_type=EncryptionType.AES256),
        tags=tags,
        created_by=created_by,
    )
    registry.repositories[name] = record
    return record
