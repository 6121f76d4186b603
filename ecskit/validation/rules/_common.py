"""What the rule modules share: telling template placeholders from values, reading numbers and versions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from ecskit._text import whole
from ecskit.validation.engine import templates_left_alone

if TYPE_CHECKING:
    from ecskit.validation.context import LaunchContext


class RuleTexts(TypedDict):
    """The texts several rules share (passed to ``rule(...)`` with ``**``)."""

    summary: str
    why: str
    fix: str
    docs: str


__all__ = ["RuleTexts", "on_ec2_or_external", "parse_platform_version", "placeholder", "templated"]

#: ``${X}``, ``$X``, ``$$$X$$$``, ``{{x}}``, ``{x}``, ``<your_account_id>``, ``XXXXXXXXXXXX``.
_PLACEHOLDER = re.compile(r"\$|\{|<[^<>]*>|X{4,}")
#: A value that is one ALL_CAPS_WORD with underscores (``CHANGEME_REGION``, ``FILESYSTEM_ID``).
_WORD = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\Z")


def templated(text: str) -> bool:
    """True for a value holding a template placeholder: real users validate templates too, so format rules
    leave such values alone (a rule about the value's presence still applies). Always False in a run with
    ``Config(templates=False)``, where a placeholder is the text it is (the fake's, as on AWS)."""
    return _PLACEHOLDER.search(text) is not None and templates_left_alone()


def placeholder(text: str) -> bool:
    """:func:`templated`, or a value that is one ALL_CAPS_WORD (``CHANGEME_REGION``): for free-form values (log
    groups, regions, file system ids) where such a word cannot be real; not for enum-like ones (``FARGATE_SPOT``)."""
    return (_PLACEHOLDER.search(text) is not None or _WORD.match(text) is not None) and templates_left_alone()


def parse_platform_version(text: str | None) -> tuple[int, int, int] | None:
    """A Fargate platform version ``"1.4.0"`` as ``(1, 4, 0)``; None for ``LATEST``, absent or unreadable."""
    parts = [whole(p) for p in (text or "").split(".")]
    if len(parts) != 3 or None in parts:
        return None
    major, minor, patch = parts
    return (major, minor, patch)  # type: ignore[return-value]


def on_ec2_or_external(ctx: LaunchContext) -> str | None:
    """The launch type when tasks surely run outside Fargate (EC2/EXTERNAL, or EC2 capacity providers), else None."""
    if ctx.launch_type in ("EC2", "EXTERNAL"):
        return ctx.launch_type
    if ctx.providers and not ctx.fargate and not any(templated(p) or not p for p in ctx.providers):
        return "EC2"
    return None
