"""Wildcards and policy variables: how IAM matches ``Action``, ``Resource`` and the string and ARN conditions.

* ``*`` matches any run of characters (``:`` and ``/`` included), ``?`` any one character; action patterns
  match without regard to case, resource patterns with it
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html). Matching is
  linear in the text's length whatever the pattern (:mod:`ecskit._glob`).
* In documents of version ``2012-10-17`` (and only there), ``${key}`` is replaced by the value of ``key`` in the
  request context, ``${key, 'default'}`` by the default when the request has no ``key``, and ``${*}``, ``${?}``,
  ``${$}`` stand for the literal characters
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html, "Specifying default
  values"). Substituted text is literal: a ``*`` in a variable's value is not a wildcard.

Under IAM's strict reading a key missing from the context is absent from the request: the variable takes its
default, or the pattern matches nothing. Otherwise a missing key is *unknown*: the request may have it, with any
value, so its default is no more certain than any other text. Such a pattern is matched with the variable
standing for any text: when even that does not match, the pattern does not match whatever the value; when it
does, the answer cannot be decided, and :attr:`Pattern.missing` names the keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeAlias

import attrs

from ecskit._glob import STAR, ArnGlob, Glob, Piece, pieces

__all__ = [
    "Context",
    "ContextValue",
    "Expansion",
    "Pattern",
    "compile_pattern",
    "expand",
    "literal",
    "pattern_of",
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


#: One part of an expanded value: ``(text, True)`` for the policy's own text (where wildcards apply),
#: ``(text, False)`` for a substituted value or an escape (always literal), None for a variable whose value is
#: unknown.
Chunk: TypeAlias = tuple[str, bool] | None


@attrs.frozen
class Expansion:
    """A value with its policy variables replaced, or what stands in the way."""

    chunks: tuple[Chunk, ...]
    #: Keys of variables missing from the context (non-strict reading): their chunks are None.
    missing: tuple[str, ...] = ()
    #: Why the value can never match (a variable missing under the strict reading, or a multivalued one).
    never: str | None = None

    @property
    def text(self) -> str | None:
        """The expanded text; None when a variable is unknown or the value can never match."""
        if self.missing or self.never is not None:
            return None
        return "".join(c[0] for c in self.chunks if c is not None)


def _default(text: str) -> str | None:
    """The text of a ``'default'`` (``''`` stands for one quote), or None when it is not quoted."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return None


def _resolve(inner: str, context: Context) -> tuple[Chunk, str | None, str | None]:
    """One ``${...}``: (its chunk, a missing key, a reason it can never match)."""
    if inner in _ESCAPES:
        return (_ESCAPES[inner], False), None, None
    key, comma, fallback = inner.partition(",")
    key = key.strip()
    default = _default(fallback) if comma else None
    value = context.get(key)
    if value is None:
        if not context.strict:
            # The request may have the key with any value: the default is only one of the possibilities.
            return None, key, None
        if default is not None:
            return (default, False), None, None
        return None, None, f"the policy variable ${{{key}}} is not in the request context"
    if isinstance(value, tuple):
        if len(value) != 1:
            if default is not None:
                return (default, False), None, None
            return None, None, f"the policy variable ${{{key}}} has several values (IAM allows single values only)"
        value = value[0]
    return (scalar_text(value), False), None, None


def expand(value: str, context: Context) -> Expansion:
    """``value`` with each ``${...}`` resolved from ``context`` (see the module)."""
    chunks: list[Chunk] = []
    missing: list[str] = []
    end = 0
    for found in _VARIABLE.finditer(value):
        if found.start() > end:
            chunks.append((value[end : found.start()], True))
        chunk, key, never = _resolve(found.group(1), context)
        if never is not None:
            return Expansion((), never=never)
        if key is not None:
            missing.append(key)
        chunks.append(chunk)
        end = found.end()
    if end < len(value):
        chunks.append((value[end:], True))
    return Expansion(tuple(chunks), missing=tuple(dict.fromkeys(missing)))


def _pieces(chunks: tuple[Chunk, ...], wildcards: bool) -> list[Piece]:
    """The glob pieces of expanded chunks: the policy's own text with its wildcards (when ``wildcards``),
    substituted text literal, an unknown variable any text."""
    out: list[Piece] = []
    for chunk in chunks:
        if chunk is None:
            out.append(STAR)
        elif chunk[1] and wildcards:
            out.extend(pieces(chunk[0]))
        else:
            out.append(chunk[0])
    return out


@attrs.frozen
class Pattern:
    """A pattern with its variables resolved, ready to match; or why it cannot be decided or never matches."""

    #: The matcher; with unknown variables (:attr:`missing`) it lets them stand for any text, so that a value it
    #: does not match is certainly not matched. None when the pattern can never match.
    glob: Glob | ArnGlob | None
    #: Keys of variables missing from the context (non-strict reading).
    missing: tuple[str, ...] = ()
    #: Why the pattern can never match.
    never: str | None = None

    def matches(self, value: str) -> bool | None:
        """True or False, or None when the answer depends on a variable that could not be resolved."""
        if self.glob is None or not self.glob.matches(value):
            return False
        return None if self.missing else True


_PLAIN: dict[tuple[str, bool, bool], Pattern] = {}


def compile_pattern(
    pattern: str,
    *,
    ignore_case: bool,
    context: Context,
    variables: bool = True,
    wildcards: bool = True,
    arn: bool = False,
) -> Pattern:
    """``pattern`` with its policy variables replaced from ``context`` (when ``variables``), ready to match.

    ``wildcards=False`` reads the policy's own text literally (``StringEquals``); ``arn=True`` matches the six
    parts of an ARN each on its own (``ArnLike``). ``ignore_case`` folds case as :func:`ecskit._glob.fold` does.
    """
    if not variables or "${" not in pattern:
        key = (pattern, ignore_case, arn) if wildcards else None
        if key is not None and key in _PLAIN:
            return _PLAIN[key]
        chunks: tuple[Chunk, ...] = ((pattern, True),)
        compiled = Pattern(_matcher(chunks, ignore_case=ignore_case, wildcards=wildcards, arn=arn))
        if key is not None and len(_PLAIN) < 4096:
            _PLAIN[key] = compiled
        return compiled
    return pattern_of(expand(pattern, context), ignore_case=ignore_case, wildcards=wildcards, arn=arn)


def pattern_of(expanded: Expansion, *, ignore_case: bool = False, wildcards: bool = True, arn: bool = False) -> Pattern:
    """The pattern of an expanded value (see :func:`compile_pattern` for the flags)."""
    if expanded.never is not None:
        return Pattern(None, never=expanded.never)
    glob = _matcher(expanded.chunks, ignore_case=ignore_case, wildcards=wildcards, arn=arn)
    return Pattern(glob, missing=expanded.missing)


def _matcher(chunks: tuple[Chunk, ...], *, ignore_case: bool, wildcards: bool, arn: bool) -> Glob | ArnGlob:
    items = _pieces(chunks, wildcards)
    return ArnGlob(items) if arn else Glob(items, ignore_case=ignore_case)
