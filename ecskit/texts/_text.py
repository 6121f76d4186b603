"""The form of one entry of the table of AWS's error texts (:class:`ErrorText`), the table itself (filled as the
service modules are imported) and the errors any AWS operation may answer (:data:`COMMON_ERRORS`)."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from ecskit.errors import UsageError
from ecskit.operations import operations

__all__ = ["COMMON_ERRORS", "TABLE", "ErrorText", "answering", "define"]

#: The errors common to the API actions of all AWS services (the API references' "Common Errors" page, e.g.
#: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html): any operation may answer them
#: besides the errors its service model lists.
COMMON_ERRORS: frozenset[str] = frozenset(
    {
        "AccessDeniedException",
        "ExpiredTokenException",
        "IncompleteSignature",
        "InternalFailure",
        "InvalidAction",
        "InvalidClientTokenId",
        "MalformedHttpRequestException",
        "NotAuthorized",
        "OptInRequired",
        "RequestAbortedException",
        "RequestEntityTooLargeException",
        "RequestExpired",
        "RequestTimeoutException",
        "ServiceUnavailable",
        "ThrottlingException",
        "UnrecognizedClientException",
        "UnknownOperationException",
        "ValidationError",
    }
)

_TABLE: dict[str, ErrorText] = {}
#: Every entry of the table by id, in the order the service modules define them.
TABLE: Mapping[str, ErrorText] = MappingProxyType(_TABLE)
_FIELDS = string.Formatter()


@attrs.frozen(kw_only=True)
class ErrorText:
    """One text an AWS operation answers with: an error's code and message, or (``code`` None) the reason of an
    item of a response's ``failures``.

    :attr:`template` is AWS's text with ``{name}`` for what varies (a name, an ARN, a number); call the entry with
    those values to get the text. :attr:`source` is a public page that shows AWS's text (an API reference page, an
    AWS CLI example, an issue or forum thread quoting a real answer); None means no public copy was found and the
    wording is ecskit's, in AWS's form.
    """

    #: Stable id (kebab-case, unique in the table): the anchor of the entry on the reference page.
    id: str
    #: botocore's name of the service: ``ecs``, ``ecr`` or ``ecr-public``.
    service: str
    #: The error code (None: a reason of an item of ``failures`` in a successful answer).
    code: str | None
    #: The operations that answer with it.
    operations: tuple[str, ...]
    #: The text, ``{name}`` standing for what varies.
    template: str
    #: A public page showing AWS's text (None: ecskit's wording, in AWS's form).
    source: str | None = None
    #: What the source shows when it is not the text itself (another value, a neighbouring case), or why the fake
    #: answers it where it does.
    note: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the template's placeholders, in order."""
        return tuple(name for _, name, _, _ in _FIELDS.parse(self.template) if name)

    def __call__(self, **values: object) -> str:
        """The text with its placeholders filled in (:class:`~ecskit.errors.UsageError` when one is missing)."""
        missing = [name for name in self.fields if name not in values]
        if missing:
            raise UsageError(f"error text {self.id!r} needs {', '.join(missing)}")
        return self.template.format(**values)

    def pattern(self) -> re.Pattern[str]:
        """A regular expression that matches the text, whatever the values of its placeholders."""
        parts = []
        for literal, name, _, _ in _FIELDS.parse(self.template):
            parts.append(re.escape(literal))
            if name:
                parts.append("(?s:.*?)")
        return re.compile("".join(parts) + r"\Z")

    def matches(self, message: str) -> bool:
        """Whether ``message`` is this text (with any values)."""
        return self.pattern().match(message) is not None


def answering(service: str, code: str) -> tuple[str, ...]:
    """The operations of ``service`` whose model lists error ``code`` (for texts any of them may answer)."""
    return tuple(sorted(o.name for o in operations(service) if code in o.errors))


def define(
    id: str,
    service: str,
    code: str | None,
    operations: tuple[str, ...],
    template: str,
    *,
    source: str | None = None,
    note: str | None = None,
) -> ErrorText:
    """Add an entry to ``TABLE`` and return it (:class:`~ecskit.errors.UsageError` for an id taken)."""
    if id in _TABLE:
        raise UsageError(f"duplicate error text id {id!r}")
    entry = ErrorText(
        id=id, service=service, code=code, operations=operations, template=template, source=source, note=note
    )
    entry.pattern()  # a template that does not parse fails here, at import
    _TABLE[id] = entry
    return entry
