"""The parameter checks of ECR's API that botocore does not make (maximum lengths, patterns, ranges), refused as ECR
refuses them: InvalidParameterException, "Invalid parameter at '<member>' failed to satisfy constraint: '<rule>'".

That form is ECR's (for example "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have
length greater than or equal to 1'", recorded from AWS by LocalStack's ECR tests, and "Invalid parameter at
'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'", aws/aws-cli#8620); the rules' wording follows
AWS's constraint messages (``Member must ...``).
"""

from __future__ import annotations

from collections.abc import Sized
from typing import NoReturn

from ecskit.backends.fake.core.errors import refuse
from ecskit.images.digests import DIGEST_PATTERN
from ecskit.texts import ecr

__all__ = ["check_digest", "check_length", "check_range", "invalid"]


def invalid(member: str, rule: str) -> NoReturn:
    """Refuse the call: member ``member`` breaks ``rule``."""
    refuse(ecr.CONSTRAINT, member=member, constraint=rule)


def check_length(value: Sized | None, member: str, low: int, high: int) -> None:
    """A string member's length, or a list member's number of items, is within ``low``..``high`` (when given)."""
    if value is None:
        return
    if len(value) < low:
        invalid(member, f"Member must have length greater than or equal to {low}")
    if len(value) > high:
        invalid(member, f"Member must have length less than or equal to {high}")


def check_range(value: int | None, member: str, low: int, high: int) -> None:
    """A number member is within ``low``..``high`` (when given)."""
    if value is None:
        return
    if value < low:
        invalid(member, f"Member must have value greater than or equal to {low}")
    if value > high:
        invalid(member, f"Member must have value less than or equal to {high}")


def check_digest(value: str, member: str) -> None:
    """A layer digest fits ECR's ``LayerDigest`` pattern."""
    if DIGEST_PATTERN.fullmatch(value) is None:
        invalid(member, "Member must satisfy regular expression pattern: [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+")
