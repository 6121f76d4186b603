"""Wildcards and policy variables: how IAM matches ``Action``, ``Resource`` and the string and ARN conditions.

* ``*`` matches any run of characters (``:`` and ``/`` included), ``?`` any one character; action patterns
  match without regard to case, resource patterns with it
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
* In documents of version ``2012-10-17`` (and only there), ``${key}`` is replaced by the value of ``key`` in the
  request context, ``${key, 'default'}`` falls back to the default, and ``${*}``, ``${?}``, ``${$}`` stand for
  the literal characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
  Substituted text is literal: a ``*`` in a variable's value is not a wildcard.

A variable whose key is not in the context cannot be decided unless the caller asked for IAM's strict reading,
where the pattern simply does not match; :func:`compile_pattern` reports it by the key's name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import TypeAlias

import attrs

__all__ = [
    "Context",
    "ContextValue",
    "Expansion",
    "Pattern",
    "compile_pattern",
    "expand",
    "glob_regex",
    "literal",
    "scalar_text",
]

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
#: ``${*}`` and its siblings: the escapes of the characters that have a meaning in a pattern.
_ESCAPES = {"*": "*", "?": "?", "$": "$"}


def literal(text: str) -> str:
    """``text`` escaped so that a version ``2012-10-17`` pattern matches exactly it (``a*b`` -> ``a${*}b``)."""
    return "".join(f"${{{c}}}" if c in _ESCAPES else c for c in text)


def scalar_text(value: object) -> str:
    """How IAM compares a JSON scalar as text: booleans as ``true``/``false``, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: The value of one key in a request context: a single string, boolean or number, or a tuple of strings for a
#: multivalued key (``aws:TagKeys``, ``aws:PrincipalServiceNamesList``, ...). Defined here, beside the context
#: that holds it; :mod:`ecskit.iam.conditions` and :mod:`ecskit.iam` re-export it.
ContextValue: TypeAlias = str | bool | int | tuple[str, ...]


@attrs.frozen
class Context:
    """The request context of one evaluation: keys looked up without regard to case, as IAM does."""

    values: Mapping[str, ContextValue]
    #: True: a key absent from ``values`` is absent from the request (IAM's own reading).
    #: False: it is unknown, and whatever depends on it cannot be decided.
    strict: bool = False
    _lowered: dict[str, ContextValue] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_lowered", {k.lower(): v for k, v in self.values.items()})

    def get(self, key: str) -> ContextValue | None:
        """The value of ``key`` (any case), or None when the context does not have it."""
        return self._lowered.get(key.lower())


def _translate(template: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in template)


@functools.lru_cache(maxsize=4096)
def glob_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """The compiled regular expression of a wildcard pattern without variables (cached)."""
    return re.compile(_translate(pattern), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@attrs.frozen
class Expansion:
    """A value with its policy variables replaced: ``text``, or why that cannot be done."""

    #: The expanded text (a regular expression, for :func:`compile_pattern`); None when it could not be made.
    text: str | None
    #: Keys of variables missing from the context (non-strict reading): the value cannot be decided.
    missing: tuple[str, ...] = ()
    #: Why the value can never match (a variable missing under the strict reading, or a multivalued one).
    never: str | None = None


def _resolve(inner: str, context: Context) -> tuple[str | None, str | None, str | None]:
    """One ``${...}``: (its literal text, a missing key, a reason it can never match)."""
    if inner in _ESCAPES:
        return _ESCAPES[inner], None, None
    key, comma, default = inner.partition(",")
    key = key.strip()
    value = context.get(key)
    if value is None:
        fallback = default.strip()
        if comma and len(fallback) >= 2 and fallback[0] == fallback[-1] == "'":
            return fallback[1:-1], None, None
        if context.strict:
            return None, None, f"the policy variable ${{{key}}} is not in the request context"
        return None, key, None
    if isinstance(value, tuple):
        if len(value) != 1:
            return None, None, f"the policy variable ${{{key}}} has several values (IAM allows single values only)"
        value = value[0]
    return scalar_text(value), None, None


def _same(text: str) -> str:
    return text


def expand(
    value: str,
    context: Context,
    *,
    template: Callable[[str], str] = _same,
    substituted: Callable[[str], str] = _same,
) -> Expansion:
    """``value`` with each ``${...}`` replaced: ``template`` maps the text around them, ``substituted`` the values."""
    parts: list[str] = []
    missing: list[str] = []
    end = 0
    for found in _VARIABLE.finditer(value):
        parts.append(template(value[end : found.start()]))
        text, key, never = _resolve(found.group(1), context)
        if never is not None:
            return Expansion(None, never=never)
        if key is not None:
            missing.append(key)
        elif text is not None:
            parts.append(substituted(text))
        end = found.end()
    if missing:
        return Expansion(None, missing=tuple(dict.fromkeys(missing)))
    parts.append(template(value[end:]))
    return Expansion("".join(parts))


@attrs.frozen
class Pattern:
    """A wildcard pattern with its variables resolved, ready to match; or why it cannot be."""

    regex: re.Pattern[str] | None
    #: Keys of variables missing from the context (non-strict reading): the pattern cannot be decided.
    missing: tuple[str, ...] = ()
    #: Why the pattern can never match.
    never: str | None = None

    def matches(self, value: str) -> bool | None:
        """True or False, or None when a variable could not be resolved."""
        if self.never is not None:
            return False
        if self.regex is None:
            return None
        return self.regex.fullmatch(value) is not None


def compile_pattern(pattern: str, *, ignore_case: bool, context: Context, variables: bool = True) -> Pattern:
    """The pattern with its policy variables replaced from ``context`` (when ``variables``), ready to match."""
    if not variables or "${" not in pattern:
        return Pattern(glob_regex(pattern, ignore_case))
    expanded = expand(pattern, context, template=_translate, substituted=re.escape)
    if expanded.text is None:
        return Pattern(None, missing=expanded.missing, never=expanded.never)
    return Pattern(re.compile(expanded.text, re.DOTALL | (re.IGNORECASE if ignore_case else 0)))
