"""What ECR Public checks of a call's input before it changes anything, with ECR's texts: repository names,
``maxResults``, tags, repository catalog data, registry display names and repository policies.

botocore checks only the minimums of the service model on the client side (a repository name of one character, an
empty ``imageIds``); the maximums and patterns are checked by the service, which answers in ECR's constraint form,
``Invalid parameter at '<member>' failed to satisfy constraint: '<rule>'`` (AWS's answer quoted in
https://github.com/fujiwara/ecrm/pull/3 for ``imageIds``; ECR Public shares ECR's API front, and no public copy
of a different ECR Public text is known). The typed API skips botocore, so the fake checks the minimums too, in
the same form.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import NoReturn

from ecskit._text import parse_json
from ecskit.backends.fake.core.errors import refuse
from ecskit.codec import from_api
from ecskit.errors import ConversionError
from ecskit.models.ecr_public import RepositoryCatalogData, RepositoryCatalogDataInput, Tag
from ecskit.models.iam import PolicyDocument
from ecskit.texts import ecr

__all__ = [
    "MAX_TAGS",
    "REPOSITORY_NAME_PATTERN",
    "catalog_of",
    "check_display_name",
    "check_length",
    "check_max_results",
    "check_policy",
    "check_repository_name",
    "constraint",
    "merged_tags",
]

#: The pattern of a repository name (the service model's ``RepositoryName``).
REPOSITORY_NAME_PATTERN = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"
_NAME = re.compile(REPOSITORY_NAME_PATTERN)
#: Tags a repository may have (TooManyTagsException in the ECR Public API reference).
MAX_TAGS = 50
#: The longest repository policy (the service model's ``RepositoryPolicyText``).
MAX_POLICY = 10240
#: The text of InvalidTagParameterException in the ECR Public API reference (TagResource, Errors).
TAG_TEXT = (
    "An invalid parameter has been specified. Tag keys can have a maximum character length of 128 characters, "
    "and tag values can have a maximum length of 256 characters."
)
#: Where the fake says a repository's logo is served from (the host of the ``logoUrl`` AWS answers with).
LOGO_HOST = "https://d3g9o9u8re44ak.cloudfront.net/logo"


def constraint(member: str, rule: str) -> NoReturn:
    """Refuse with InvalidParameterException in ECR's constraint form."""
    refuse(ecr.PUBLIC_CONSTRAINT, member=member, constraint=rule)


def check_length(member: str, value: Sequence[object], *, low: int = 0, high: int | None = None) -> None:
    """``value`` (a string, a list) has ``low`` to ``high`` members, or InvalidParameterException."""
    if len(value) < low:
        constraint(member, f"Member must have length greater than or equal to {low}")
    if high is not None and len(value) > high:
        constraint(member, f"Member must have length less than or equal to {high}")


def check_repository_name(name: str, member: str = "repositoryName") -> None:
    """A repository name of 2 to 205 characters matching :data:`REPOSITORY_NAME_PATTERN`."""
    check_length(member, name, low=2, high=205)
    if _NAME.fullmatch(name) is None:
        constraint(member, f"must satisfy regular expression '{REPOSITORY_NAME_PATTERN}'")


def check_max_results(value: int | None) -> int:
    """``maxResults`` (1 to 1000); 100 when not given, as the API reference says of every ECR Public list."""
    if value is None:
        return 100
    if value < 1:
        constraint("maxResults", "Member must have value greater than or equal to 1")
    if value > 1000:
        refuse(ecr.PUBLIC_MAX_RESULTS, limit=1000)
    return value


def merged_tags(current: Sequence[Tag], new: Sequence[Tag]) -> tuple[Tag, ...]:
    """``current`` with ``new`` added (a key already there takes the new value), or InvalidTagParameterException
    for a key of 1 to 128 characters or a value of up to 256 missing (a value may be empty, never null: "Tag an
    Amazon ECR Public repository", ECR Public User Guide), or TooManyTagsException past :data:`MAX_TAGS`."""
    tags = {t.key: t for t in current}
    for tag in new:
        key, value = tag.key, tag.value
        if key is None or not 1 <= len(key) <= 128 or value is None or len(value) > 256:
            refuse(ecr.PUBLIC_TAGS_INVALID)
        tags[key] = tag
    if len(tags) > MAX_TAGS:
        refuse(ecr.PUBLIC_TOO_MANY_TAGS, limit=MAX_TAGS)
    return tuple(tags.values())


def catalog_of(given: RepositoryCatalogDataInput, member: str = "catalogData") -> RepositoryCatalogData:
    """The catalog data a repository shows for ``given``, checked against the service model's limits
    (description 1024 characters, at most 50 architectures and operating systems of 1 to 50 characters each, a
    logo of at most 512,000 bytes, about and usage texts of 25,600 characters). A logo becomes its ``logoUrl``.

    Any architecture or operating system is kept: the Gallery shows only ``ARM``, ``ARM 64``, ``x86``,
    ``x86-64``, ``Linux`` and ``Windows`` as badges, but "if an unsupported tag is added to your repository
    catalog data, it's associated with the repository and can be retrieved using the API" (API reference,
    RepositoryCatalogDataInput)."""
    check_length(f"{member}.description", given.description or "", high=1024)
    for name, values in (("architectures", given.architectures), ("operatingSystems", given.operating_systems)):
        check_length(f"{member}.{name}", values or (), high=50)
        for value in values or ():
            check_length(f"{member}.{name}.member", value, low=1, high=50)
    check_length(f"{member}.logoImageBlob", given.logo_image_blob or b"", high=512000)
    check_length(f"{member}.aboutText", given.about_text or "", high=25600)
    check_length(f"{member}.usageText", given.usage_text or "", high=25600)
    return RepositoryCatalogData(
        description=given.description,
        architectures=given.architectures,
        operating_systems=given.operating_systems,
        logo_url=_logo_url(given.logo_image_blob) if given.logo_image_blob else None,
        about_text=given.about_text,
        usage_text=given.usage_text,
    )


def _logo_url(blob: bytes) -> str:
    """Where a logo is served from, in the form AWS answers with (``.../logo/<uuid>/<uuid>.png``), the same for
    the same bytes."""
    h = hashlib.sha256(blob).hexdigest()
    first, second = (f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:32]}" for x in (h[:32], h[32:]))
    return f"{LOGO_HOST}/{first}/{second}.png"


def check_display_name(name: str | None) -> None:
    """A registry display name of at most 100 characters (the service model's ``RegistryDisplayName``)."""
    check_length("displayName", name or "", high=100)


def check_policy(text: str) -> None:
    """A repository policy ECR accepts: a JSON policy document of at most 10,240 characters, else
    InvalidParameterException with ECR's text for a policy it cannot read (``Invalid parameter at 'PolicyText'
    failed to satisfy constraint: 'Invalid repository policy provided'``, quoted from AWS in
    https://github.com/awsdocs/amazon-ecr-user-guide/pull/20 and terraform-aws-modules/terraform-aws-ecr#19)."""
    check_length("policyText", text, high=MAX_POLICY)
    try:
        policy = from_api(parse_json(text), PolicyDocument)
    except (ValueError, ConversionError):  # json's JSONDecodeError is a ValueError
        constraint("PolicyText", "Invalid repository policy provided")
    # A resource policy's statement names whom and what it is about (a statement with neither is refused with the
    # same text: getmoto/moto's test_set_repository_policy_error_invalid_param pins AWS's answer).
    for statement in policy.statements:
        if (statement.principal is None and statement.not_principal is None) or not (
            statement.actions or statement.not_actions
        ):
            constraint("PolicyText", "Invalid repository policy provided")
