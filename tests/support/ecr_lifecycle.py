"""Helpers for lifecycle policy tests: images of given tags and ages, policies in a line, and repositories of the
fake filled with images without the push flow (:mod:`ecskit.backends.fake.core.ecr_seed`)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord
from ecskit.backends.fake.core.ecr_seed import seed_image, seed_repository
from ecskit.codec import from_api
from ecskit.lifecycle import LifecycleImage
from ecskit.models.lifecycle import LifecyclePolicy

Doc = dict[str, Any]

#: "Now" of the offline tests.
NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def image(name: str, *tags: str, days: float, **members: Any) -> LifecycleImage:
    """Image ``name`` (its digest is ``sha256:<name>``) with ``tags``, pushed ``days`` before :data:`NOW`."""
    return LifecycleImage(digest=f"sha256:{name}", tags=tags, pushed_at=NOW - days * DAY, **members)


def rule(priority: int, action: Doc | None = None, **selection: Any) -> Doc:
    """A rule as the document has it; ``selection`` members in wire names."""
    return {"rulePriority": priority, "selection": selection, "action": action or {"type": "expire"}}


def keep(priority: int, count: int, status: str = "tagged", **lists: Any) -> Doc:
    """A rule keeping the ``count`` newest images of a selection (expiring the rest)."""
    return rule(priority, tagStatus=status, countType="imageCountMoreThan", countNumber=count, **lists)


def older(priority: int, days: int, status: str = "untagged", **lists: Any) -> Doc:
    """A rule expiring images pushed more than ``days`` days ago."""
    return rule(priority, tagStatus=status, countType="sinceImagePushed", countUnit="days", countNumber=days, **lists)


def policy(*rules: Doc) -> LifecyclePolicy:
    """The policy of ``rules``."""
    return from_api({"rules": list(rules)}, LifecyclePolicy)


def text(*rules: Doc) -> str:
    """The JSON text of the policy of ``rules`` (indented, as users write it)."""
    return json.dumps({"rules": list(rules)}, indent=2)


def repository(fake: FakeBackend, name: str = "app") -> RepositoryRecord:
    """A new repository of the fake's default account and Region (CreateRepository is not used)."""
    return seed_repository(fake.records(), name, now=fake.clock.now())


def push(repo: RepositoryRecord, fake: FakeBackend, *tags: str, days: float = 0, **members: Any) -> ImageRecord:
    """An image of ``tags`` put in ``repo``, pushed ``days`` before the fake's now."""
    return seed_image(repo, tags=tags, pushed_at=fake.clock.now() - days * DAY, **members)
