"""Making private repositories: the one way every part of the fake adds a repository to a registry.

This is the minimal form the pull through cache and the repository creation templates need (name, ARN, URI,
creation time, registry id, and the settings given); the repositories part of the fake grows it (checks of the
name, the repository quota, events).
"""

from __future__ import annotations

from typing import Any

from ecskit.backends.fake.core.ecr import RepositoryRecord, registry_host
from ecskit.backends.fake.core.env import Env

__all__ = ["new_repository"]


def new_repository(env: Env, name: str, **settings: Any) -> RepositoryRecord:
    """A new repository ``name`` in the registry of ``env``'s account and Region, created now and stored there;
    ``settings`` are members of :class:`~ecskit.backends.fake.core.ecr.RepositoryRecord` (tag mutability,
    encryption, policies, tags, ``created_by``, ...)."""
    record = RepositoryRecord(
        name=name,
        arn=env.arn(f"repository/{name}", "ecr"),
        registry_id=env.account,
        uri=f"{registry_host(env.account, env.region)}/{name}",
        created_at=env.clock.now(),
        **settings,
    )
    env.state.ecr.repositories[name] = record
    return record
