"""Every exception ecskit raises, under one root.

::

    EcsKitError
     ├── ConversionError        bad input data; every bad field with its JSON path (FieldError)
     ├── ValidationError        a document AWS would reject; carries the validation report
     └── BackendError           an AWS (or fake AWS) error: code, operation, request id
          ├── NotFoundError         ClusterNotFoundException, ServiceNotFoundException, RepositoryNotFound...
          ├── ConflictError         ...AlreadyExistsException, ResourceInUseException, ...
          ├── InvalidRequestError   InvalidParameterException, ClientException, ...
          ├── AccessDeniedError     AccessDeniedException
          ├── ThrottledError        ThrottlingException (raised only after the backend's retries)
          └── ServiceError          ServerException and other faults on AWS's side

Catch :class:`EcsKitError` to catch everything ecskit raises on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "AccessDeniedError",
    "BackendError",
    "ConflictError",
    "ConversionError",
    "EcsKitError",
    "FieldError",
    "InvalidRequestError",
    "NotFoundError",
    "ServiceError",
    "ThrottledError",
    "ValidationError",
    "backend_error",
    "error_class_for",
]


class EcsKitError(Exception):
    """The root of every exception that ecskit raises on purpose."""


@attrs.frozen(kw_only=True)
class FieldError:
    """One bad field of a document, as found by the codec."""

    #: The JSON path of the field, e.g. ``containerDefinitions[1].portMappings[0].hostPort`` (``""``: the root).
    path: str
    #: What kind of problem: ``unknown-key``, ``missing-key``, ``wrong-type`` or ``bad-value``.
    code: str
    #: What is wrong, e.g. ``expected an integer, got the string '80'``.
    message: str
    #: What would be right, when known, e.g. ``did you mean 'portMappings'?``.
    hint: str | None = None

    def __str__(self) -> str:
        where = self.path or "(document)"
        return f"{where}: {self.message}" + (f" ({self.hint})" if self.hint else "")


class ConversionError(EcsKitError, ValueError):
    """A document does not fit the shape it was read as; ``errors`` lists every bad field at once."""

    #: The name of the model class the document was read as.
    target: str
    #: Every bad field, each with its JSON path.
    errors: tuple[FieldError, ...]

    def __init__(self, target: str, errors: Sequence[FieldError]) -> None:
        self.target = target
        self.errors = tuple(errors)
        count = len(self.errors)
        lines = [f"{count} problem{'s' if count != 1 else ''} reading {target}:"]
        lines.extend(f"  {e}" for e in self.errors)
        super().__init__("\n".join(lines))


class ValidationError(EcsKitError, ValueError):
    """A document that the API would reject, or that cannot work; ``report`` holds every finding."""

    #: The validation report (an :class:`ecskit.validation.Report`) with every finding.
    report: object

    def __init__(self, message: str, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class BackendError(EcsKitError):
    """An error answered by a backend, with the AWS error code that real ECS/ECR would give."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        operation: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.code = code
        self.operation = operation
        self.request_id = request_id
        super().__init__(f"{code}: {message}" if message else code)
        self.message = message


class NotFoundError(BackendError):
    """The named cluster, service, task, repository, image, ... does not exist."""


class ConflictError(BackendError):
    """The resource already exists, is in use, or is in a state that forbids the call."""


class InvalidRequestError(BackendError):
    """The request was rejected as invalid (``InvalidParameterException``, ``ClientException``, ...)."""


class AccessDeniedError(BackendError):
    """The caller is not allowed to make the call."""


class ThrottledError(BackendError):
    """The call was throttled, and still was after the backend's retries."""


class ServiceError(BackendError):
    """The service failed on its side (``ServerException`` and other faults)."""


#: Error codes whose class the name alone does not tell.
_CODE_CLASSES: dict[str, type[BackendError]] = {
    "AccessDeniedException": AccessDeniedError,
    "ThrottlingException": ThrottledError,
    "ServerException": ServiceError,
    "ServiceUnavailableException": ServiceError,
    "UpdateInProgressException": ConflictError,
    "BlockedException": AccessDeniedError,
    "UnsupportedFeatureException": InvalidRequestError,
    "PlatformUnknownException": InvalidRequestError,
    "PlatformTaskDefinitionIncompatibilityException": InvalidRequestError,
    "AttributeLimitExceededException": InvalidRequestError,
    "MissingVersionException": InvalidRequestError,
    "NoUpdateAvailableException": ConflictError,
    "TargetNotConnectedException": ConflictError,
    "ServiceNotActiveException": ConflictError,
    "ReferencedImagesNotFoundException": NotFoundError,
}
_SUFFIXES: tuple[tuple[str, type[BackendError]], ...] = (
    ("NotFoundException", NotFoundError),
    ("NotFound", NotFoundError),
    ("AlreadyExistsException", ConflictError),
    ("AlreadyPushedException", ConflictError),
    ("InUseException", ConflictError),
    ("ConflictException", ConflictError),
    ("TagImmutableException", ConflictError),
)


def error_class_for(code: str) -> type[BackendError]:
    """The ecskit exception class of an AWS error code (``ClusterNotFoundException`` -> :class:`NotFoundError`).

    Codes not named here are invalid requests (``InvalidParameterException``, ``ClientException``,
    ``LimitExceededException``, ...), except that ``Contains...`` codes (a cluster still holding services) are
    conflicts.
    """
    known = _CODE_CLASSES.get(code)
    if known is not None:
        return known
    for suffix, cls in _SUFFIXES:
        if code.endswith(suffix):
            return cls
    if code.startswith("ClusterContains"):
        return ConflictError
    return InvalidRequestError


def backend_error(
    code: str, message: str, *, operation: str | None = None, request_id: str | None = None
) -> BackendError:
    """The ecskit exception for an AWS error: the right class, carrying the code, operation and request id."""
    return error_class_for(code)(message, code=code, operation=operation, request_id=request_id)
