"""The fake's Amazon ECR Public records: each account's public registry (:class:`PublicRegistry`) and its
repositories (:class:`PublicRepositoryRecord`), whose images are kept as ECR keeps them
(:class:`~ecskit.backends.fake.core.ecr.ImageStore`), with the names ECR Public gives them.

ECR Public is one registry per account, not per Region: its ARNs have no Region
(``arn:aws:ecr-public::123456789012:repository/web``) and its API lives in us-east-1 (:data:`HOME_REGION`). The
fake keeps each account's public registry in that account's us-east-1 records, whichever Region a call names
(:mod:`ecskit.backends.fake.engine.ecr_public` decides which Regions answer at all).
"""

from __future__ import annotations

import datetime
import hashlib

import attrs

from ecskit.backends.fake.core.ecr import ImageStore, find_named
from ecskit.models.ecr_public import RegistryCatalogData, RepositoryCatalogData, Tag

__all__ = [
    "HOME_REGION",
    "PUBLIC_HOST",
    "PublicRegistry",
    "PublicRepositoryRecord",
    "default_alias",
    "find_public_repository",
    "registry_arn",
    "repository_arn",
]

#: The Region whose records keep every account's public registry (ECR Public's API is a us-east-1 service).
HOME_REGION = "us-east-1"
#: The host of every public repository's URI (``public.ecr.aws/<alias>/<name>``).
PUBLIC_HOST = "public.ecr.aws"


def registry_arn(account: str) -> str:
    """The ARN of an account's public registry: ``arn:aws:ecr-public::<account>:registry/<account>`` (as
    ``aws ecr-public describe-registries`` shows it; no Region)."""
    return f"arn:aws:ecr-public::{account}:registry/{account}"


def repository_arn(account: str, name: str) -> str:
    """The ARN of a public repository: ``arn:aws:ecr-public::<account>:repository/<name>`` (no Region)."""
    return f"arn:aws:ecr-public::{account}:repository/{name}"


def default_alias(account: str) -> str:
    """The default alias the fake gives an account's public registry: eight characters, a letter and a digit in
    turn (the form of the aliases AWS assigns, such as ``l4w8c3b8`` or ``o5l1c9o9``), made from the account id so
    that the same account always gets the same alias."""
    digest = hashlib.sha256(f"ecr-public-alias:{account}".encode()).digest()
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join(letters[b % 26] if i % 2 == 0 else str(b % 10) for i, b in enumerate(digest[:8]))


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
    """One account's public registry (kept in the account's :data:`HOME_REGION` records)."""

    #: the registry's default alias (``public.ecr.aws/<alias>``), given when its first repository is created
    alias: str | None = None
    catalog: RegistryCatalogData | None = None
    #: repository name -> repository (in creation order)
    repositories: dict[str, PublicRepositoryRecord] = attrs.field(factory=dict)


def find_public_repository(registry: PublicRegistry, name: str, registry_id: str) -> PublicRepositoryRecord:
    """The public repository of ``name``, or ECR Public's RepositoryNotFoundException (the text ECR Public gives:
    https://github.com/airvzxf/ftp-deployment-action/pull/92 quotes it for a push to a public repository)."""
    return find_named(registry.repositories, name, registry_id)
