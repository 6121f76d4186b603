"""Repository namespace prefixes, as pull through cache rules and repository creation templates take them.

A prefix names a namespace of repository names: ``prod`` covers ``prod/web`` and ``prod/team/api``, not ``prod``
itself, because "there is always an assumed ``/`` applied to the end of the prefix" (``prod`` and ``prod/`` are one
prefix); ``ROOT`` covers every name no other prefix covers (ECR API reference, CreateRepositoryCreationTemplate's
``prefix`` and CreatePullThroughCacheRule's ``ecrRepositoryPrefix``:
https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html). The longest prefix
that covers a name is the one that applies (the user guide's mapping table of
https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html), found here by
walking the name's own namespaces, longest first (dictionary lookups, never a scan of every prefix).

A prefix outside the API's pattern or length is refused with InvalidParameterException and ECR's text, of the form a
public CloudFormation log quotes for ``ecrRepositoryPrefix`` ("Invalid parameter at 'ecrRepositoryPrefix' failed to
satisfy constraint: 'Member must satisfy regular expression pattern: ...'",
https://garbe.io/blog/2024/04/09/bypass-docker-hub-rate-limits-with-ecr-pullthrough-cache/). No public source names a
reserved prefix (an AWS sample even caches public.ecr.aws under ``aws``: aws-samples/terraform-eks-code,
``cicd/ecr-pull-through.tf``), so the fake reserves none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ecskit.backends.fake.core.errors import refuse
from ecskit.texts import ecr

__all__ = ["PREFIX_PATTERN", "ROOT", "check_prefix", "namespaces", "prefix_key"]

#: The prefix that covers every repository no other prefix covers.
ROOT = "ROOT"
#: The pattern of a prefix (botocore's ``PullThroughCacheRuleRepositoryPrefix`` and ``Prefix`` shapes).
PREFIX_PATTERN = r"^([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?|ROOT)$"
_PREFIX = re.compile(PREFIX_PATTERN)


def check_prefix(member: str, value: str, *, low: int, high: int) -> str:
    """``value`` if it is a prefix of ``low`` to ``high`` characters in the API's pattern, else ECR's
    InvalidParameterException naming ``member``; returns its key (:func:`prefix_key`)."""
    if len(value) < low:
        _refuse(member, f"Member must have length greater than or equal to {low}")
    if len(value) > high:
        _refuse(member, f"Member must have length less than or equal to {high}")
    if _PREFIX.fullmatch(value) is None:
        _refuse(member, f"Member must satisfy regular expression pattern: {PREFIX_PATTERN}")
    return prefix_key(value)


def _refuse(member: str, constraint: str) -> None:
    refuse(ecr.CONSTRAINT, member=member, constraint=constraint)


def prefix_key(prefix: str) -> str:
    """The prefix as rules and templates are kept under: without the trailing ``/`` ECR assumes anyway."""
    return prefix[:-1] if prefix.endswith("/") else prefix


def namespaces(name: str) -> Iterator[str]:
    """The keys of the prefixes that could cover the repository ``name``, longest first, then :data:`ROOT`:
    ``a/b/c`` gives ``a/b``, ``a``, ``ROOT``."""
    end = name.rfind("/")
    while end > 0:
        yield name[:end]
        end = name.rfind("/", 0, end)
    yield ROOT
