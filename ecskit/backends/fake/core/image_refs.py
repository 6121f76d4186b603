"""Container image references, read as Docker and containerd read them, and the ECR registries they name.

:func:`parse_image` follows the grammar of the reference library Docker and containerd share
(https://github.com/distribution/reference/blob/main/reference.go)::

    reference       := name [ ":" tag ] [ "@" digest ]
    name            := [ domain "/" ] path-component [ "/" path-component ]*
    domain          := host [ ":" port ]          (a host name, an IPv4 address or a bracketed IPv6 address)
    path-component  := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
    tag             := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
    digest          := algorithm ":" hex          (algorithm [A-Za-z][A-Za-z0-9]* joined by + . _ -; 32+ hex digits)

The first part of a name is its registry only when it looks like one (it has a ``.`` or a ``:``, or is
``localhost``, or has an upper-case letter); otherwise the image is on Docker Hub (``nginx:1.27``,
``bitnami/redis``). A name is at most 255 characters.

:func:`ecr_location` recognises the registries of Amazon ECR
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html and
https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html):

* private registries: ``<account>.dkr.ecr.<region>.amazonaws.com`` (``.amazonaws.com.cn`` in China), FIPS
  ``<account>.dkr.ecr-fips.<region>.amazonaws.com``, dual-stack ``<account>.dkr-ecr.<region>.on.aws`` and
  ``<account>.dkr-ecr-fips.<region>.on.aws``; an explicit ``:443`` is the same endpoint;
* ECR Public: ``public.ecr.aws/<alias>/<repository>``.

>>> ref = parse_image("111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.4")
>>> ref.domain, ref.path, ref.tag, ref.digest
('111122223333.dkr.ecr.eu-west-1.amazonaws.com', 'team/web', '1.4', None)
>>> location = ecr_location(ref)
>>> location.account, location.region, location.repository
('111122223333', 'eu-west-1', 'team/web')
>>> ecr_location(parse_image("public.ecr.aws/nginx/nginx:1.27")).alias
'nginx'
>>> ecr_location(parse_image("nginx:1.27")) is None
True
"""

from __future__ import annotations

import functools
import hashlib
import re

import attrs

__all__ = ["DEFAULT_TAG", "PUBLIC_HOST", "EcrLocation", "ImageRef", "ecr_location", "parse_image", "stand_in_digest"]

#: The tag Docker and containerd pull when a reference names neither a tag nor a digest.
DEFAULT_TAG = "latest"
#: The host of ECR Public's registries.
PUBLIC_HOST = "public.ecr.aws"
#: The longest name (registry and path) a reference may have.
_NAME_MAX = 255

_ALNUM = r"[a-z0-9]+"
_PATH_COMPONENT = rf"{_ALNUM}(?:(?:[._]|__|-+){_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = re.compile(rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?")
_REMAINDER = re.compile(
    rf"(?P<path>{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    r"(?::(?P<tag>\w[\w.-]{0,127}))?"
    r"(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?",
    re.ASCII,
)
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
_PRIVATE = re.compile(
    rf"(?P<account>\d{{12}})\."
    rf"(?:dkr\.ecr(?:-fips)?\.(?P<region>{_REGION})\.amazonaws\.com(?:\.cn)?"
    rf"|dkr-ecr(?:-fips)?\.(?P<dual>{_REGION})\.on\.aws)"
    r"(?::443)?"
)


@attrs.frozen(kw_only=True)
class ImageRef:
    """A container image reference, split as Docker splits it (each part as written)."""

    #: The registry host (and port), or None for Docker Hub.
    domain: str | None
    #: The repository path (without Docker Hub's implied ``library/``).
    path: str
    tag: str | None = None
    #: ``<algorithm>:<hex>``, e.g. ``sha256:...``.
    digest: str | None = None

    @property
    def name(self) -> str:
        """Registry and path, as written (``<domain>/<path>``, or the path alone for Docker Hub)."""
        return f"{self.domain}/{self.path}" if self.domain is not None else self.path

    @property
    def pulled(self) -> str:
        """The reference a pull resolves: the name with its tag and digest, ``:latest`` when it has neither."""
        tag = self.tag if self.tag is not None or self.digest is not None else DEFAULT_TAG
        return self.name + (f":{tag}" if tag is not None else "") + (f"@{self.digest}" if self.digest else "")


@attrs.frozen(kw_only=True)
class EcrLocation:
    """The ECR registry and repository an image is in: a private registry (``account`` and ``region``) or an
    ECR Public registry (``alias``)."""

    #: The repository's name in its registry (for ECR Public, without the alias).
    repository: str
    account: str | None = None
    region: str | None = None
    alias: str | None = None

    @property
    def public(self) -> bool:
        """Whether the image is on ECR Public."""
        return self.alias is not None


def _looks_like_domain(head: str) -> bool:
    return "." in head or ":" in head or head == "localhost" or head != head.lower()


@functools.lru_cache(maxsize=4096)  # task definitions name few images, and each is parsed at every pull
def parse_image(text: str) -> ImageRef | None:
    """The parts of an image reference, or None when ``text`` is not a valid reference."""
    head, slash, rest = text.partition("/")
    domain: str | None = None
    remainder = text
    if slash and _looks_like_domain(head):
        if _DOMAIN.fullmatch(head) is None:
            return None
        domain, remainder = head, rest
    found = _REMAINDER.fullmatch(remainder)
    if found is None:
        return None
    path = found["path"]
    if len(path) + (len(domain) + 1 if domain is not None else 0) > _NAME_MAX:
        return None
    return ImageRef(domain=domain, path=path, tag=found["tag"], digest=found["digest"])


def ecr_location(ref: ImageRef) -> EcrLocation | None:
    """The ECR registry and repository of an image, or None for an image of any other registry."""
    domain = ref.domain
    if domain is None:
        return None
    host = domain.lower()
    if host == PUBLIC_HOST:
        alias, slash, repository = ref.path.partition("/")
        return EcrLocation(repository=repository, alias=alias) if slash else None
    found = _PRIVATE.fullmatch(host)
    if found is None:
        return None
    return EcrLocation(repository=ref.path, account=found["account"], region=found["region"] or found["dual"])


def stand_in_digest(image: str) -> str:
    """The digest the fake shows for an image no registry of the fake holds (Docker Hub, any other registry): the
    SHA-256 of the reference's text, the same for every task that runs it."""
    return "sha256:" + hashlib.sha256(image.encode()).hexdigest()
