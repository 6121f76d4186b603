"""Every exception ecskit raises, under one root.

::

    EcsKitError
     ├── UsageError             an argument ecskit cannot use (a negative time, an unknown rule id, a bad CIDR)
     │    ├── QuerySyntaxError      a cluster query language expression that does not parse
     │    └── EventPatternError     an EventBridge event pattern EventBridge refuses
     ├── ConversionError        bad input data; every bad field with its JSON path (FieldError)
     ├── ValidationError        a document AWS would reject; carries the validation report
     ├── SnapshotError          a saved fake that cannot be restored (another format, edited by hand, not JSON)
     ├── WaiterError            a waiter gave up
     │    ├── WaiterTimeout         the condition did not hold in time (also a TimeoutError)
     │    └── WaiterFailed          what it waits for can no longer happen
     ├── DeployError            what was asked cannot be deployed on this backend (nothing was sent)
     └── BackendError           an AWS (or fake AWS) error: code, operation, request id
          ├── NotFoundError         ClusterNotFoundException, RepositoryNotFoundException, ...
          ├── ConflictError         ...AlreadyExistsException, ResourceInUseException, RepositoryNotEmpty...
          ├── InvalidRequestError   InvalidParameterException, ClientException, LimitExceededException, ...
          ├── AccessDeniedError     AccessDeniedException, BlockedByOrganizationPolicyException, ...
          ├── ThrottledError        ThrottlingException and its kin (raised only after the backend's retries)
          ├── ServiceError          ServerException and other faults on AWS's side
          └── ConnectionFailed      the call got no answer (botocore raised before or instead of one)
               ├── EndpointUnreachable   no connection: DNS, refused, connect timeout, proxy, TLS, no endpoint
               ├── NoResponse            sent, but no (complete) answer came: the call may have taken effect
               ├── CredentialsError      no credentials, or they could not be loaded or refreshed
               └── RegionError           no Region, or one botocore cannot use

Every error code of the ECS, ECR and ECR Public service models has an explicit family in :data:`ERROR_FAMILIES`
(a test fails when botocore knows a code that the table lacks). Codes outside the models (AWS's common errors)
are in the table too; a code nobody knows is classed by its HTTP status (:func:`error_class_for`).

Catch :class:`EcsKitError` to catch everything ecskit raises on purpose. The classes that stand for bad values
(:class:`UsageError`, :class:`ConversionError`, :class:`ValidationError`, :class:`SnapshotError`) are also
``ValueError``\\ s, so code written against the standard exception keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs

__all__ = [
    "ERROR_FAMILIES",
    "AccessDeniedError",
    "BackendError",
    "ConflictError",
    "ConnectionFailed",
    "ConversionError",
    "CredentialsError",
    "DeployError",
    "EcsKitError",
    "EndpointUnreachable",
    "EventPatternError",
    "FieldError",
    "InvalidRequestError",
    "NoResponse",
    "NotFoundError",
    "QuerySyntaxError",
    "RegionError",
    "ServiceError",
    "SnapshotError",
    "ThrottledError",
    "UsageError",
    "ValidationError",
    "WaiterError",
    "WaiterFailed",
    "WaiterTimeout",
    "backend_error",
    "error_class_for",
]


class EcsKitError(Exception):
    """The root of every exception that ecskit raises on purpose."""


class UsageError(EcsKitError, ValueError):
    """ecskit was called with an argument it cannot use (not a document: those raise :class:`ConversionError`)."""


class QuerySyntaxError(UsageError):
    """A cluster query expression that cannot be read: where (character offset) and what was expected there."""

    def __init__(self, text: str, position: int, expected: str, found: str | None = None) -> None:
        #: The expression.
        self.text = text
        #: 0-based offset of the offending character in :attr:`text` (``len(text)`` at the end).
        self.position = position
        #: What the parser expected there, in words.
        self.expected = expected
        #: What it found instead (None at the end of the expression).
        self.found = found
        shown = f"found {found!r}" if found is not None else "found the end of the expression"
        super().__init__(f"position {position}: expected {expected}, {shown}")


class EventPatternError(UsageError):
    """An EventBridge event pattern EventBridge refuses (:func:`ecskit.eventbridge.read_pattern`): the event ruler's
    reason and, when its parser knew it, where (line and column from 1). ``str()`` of it is EventBridge's message
    (``InvalidEventPatternException``)."""

    #: The prefix of every refusal, as EventBridge words it.
    PREFIX = "Event pattern is not valid. Reason: "
    #: How much of a pattern Jackson quotes in the location.
    QUOTED = 500

    def __init__(self, reason: str, text: str, line: int | None = None, column: int | None = None) -> None:
        #: The ruler's reason (``Empty objects are not allowed``).
        self.reason = reason
        #: The pattern's text.
        self.text = text
        #: Where the parser was (from 1), or None.
        self.line = line
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """EventBridge's message for it."""
        if self.line is None:
            return self.PREFIX + self.reason
        quoted = self.text[: self.QUOTED]
        more = len(self.text) - self.QUOTED
        source = f'(String)"{quoted}"' + (f"[truncated {more} chars]" if more > 0 else "")
        return f"{self.PREFIX}{self.reason}\n at [Source: {source}; line: {self.line}, column: {self.column}]"


@attrs.frozen(kw_only=True)
class FieldError:
    """One bad field of a document, as found by the codec."""

    #: The JSON path of the field, e.g. ``containerDefinitions[1].portMappings[0].hostPort`` (``""``: the root).
    path: str
    #: What kind of problem: ``unknown-key``, ``missing-key``, ``wrong-type``, ``bad-value`` or ``not-json``.
    code: str
    #: What is wrong, e.g. ``expected an integer, got the string '80'``.
    message: str
    #: What would be right, when known, e.g. ``did you mean 'portMappings'?``.
    hint: str | None = None
    #: ``bad-value`` of a closed set (an enum): the values the field takes, in the model's order.
    allowed: tuple[str, ...] | None = None

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


class SnapshotError(EcsKitError, ValueError):
    """A saved fake that cannot be restored: not JSON, another format version, or changed by hand so that it no
    longer describes a consistent fake. Nothing is restored."""


class WaiterError(EcsKitError):
    """A waiter gave up (see its two kinds)."""


class WaiterTimeout(WaiterError, TimeoutError):
    """A waiter gave up: the condition did not hold within its time limit."""


class WaiterFailed(WaiterError):
    """A waiter gave up early: what it waits for can no longer happen (a task stopped, a service is gone)."""


class DeployError(EcsKitError):
    """What was asked cannot be deployed on this backend (nothing was sent)."""


class BackendError(EcsKitError):
    """An error answered by a backend, with the AWS error code that real ECS/ECR would give.

    ``fields`` holds the members of AWS's error shape other than its message, by wire name (ECR's
    ``InvalidLayerPartException`` carries ``lastValidByteReceived``, ``uploadId``, ...); empty for most errors.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        operation: str | None = None,
        request_id: str | None = None,
        fields: Mapping[str, object] | None = None,
    ) -> None:
        self.code = code
        self.operation = operation
        self.request_id = request_id
        self.fields: Mapping[str, object] = MappingProxyType(dict(fields or {}))
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


class ConnectionFailed(BackendError):
    """The call never got an answer from AWS: botocore raised instead (see the four kinds below, and
    :func:`ecskit.backends.boto3.backend.translate_errors`). ``code`` names botocore's exception
    (``EndpointConnectionError``, ``NoCredentialsError``, ...); the original is chained as ``__cause__``.
    Raised as itself for what fits none of the kinds (a checksum that does not match, a bad client setting)."""


class EndpointUnreachable(ConnectionFailed):
    """No connection to the endpoint: its name does not resolve, it refuses or does not accept in time, a proxy
    or TLS fails, or there is no endpoint for the service in the Region. The request was never sent: retrying
    later is safe."""


class NoResponse(ConnectionFailed):
    """The request was sent but no complete answer came back (a read timeout, a connection closed or a response
    cut short). AWS may have carried the call out: check before repeating one that is not idempotent."""


class CredentialsError(ConnectionFailed):
    """No AWS credentials were found, or they could not be loaded or refreshed (a profile, SSO or login session,
    the instance or container metadata service). Nothing was sent."""


class RegionError(ConnectionFailed):
    """No Region was given or configured, or botocore cannot use the one given. Nothing was sent."""


_N, _C, _I, _A = NotFoundError, ConflictError, InvalidRequestError, AccessDeniedError
_T, _S = ThrottledError, ServiceError

#: Every error code ecskit knows -> its family. All codes of the ECS, ECR and ECR Public service models are here
#: (tests/unit/test_error_mapping.py fails when botocore has one that is not), then AWS's common errors.
ERROR_FAMILIES: Mapping[str, type[BackendError]] = MappingProxyType(
    {
        # -- Amazon ECS ------------------------------------------------------------------------------------------
        "AccessDeniedException": _A,
        "AttributeLimitExceededException": _I,  # more than 10 custom attributes on a resource
        "BlockedException": _A,  # the account is blocked (billing): no call is allowed
        "ClientException": _I,
        "ClusterContainsCapacityProviderException": _C,
        "ClusterContainsContainerInstancesException": _C,
        "ClusterContainsServicesException": _C,
        "ClusterContainsTasksException": _C,
        "ClusterNotFoundException": _N,
        "ConflictException": _C,
        "DaemonNotActiveException": _C,  # the daemon exists but is not ACTIVE
        "DaemonNotFoundException": _N,
        "InvalidParameterException": _I,
        "LimitExceededException": _I,  # a quota: ask for less
        "MissingVersionException": _I,  # the agent has no version information to update from
        "NamespaceNotFoundException": _N,
        "NoUpdateAvailableException": _C,  # the agent is already current
        "PlatformTaskDefinitionIncompatibilityException": _I,
        "PlatformUnknownException": _I,
        "ResourceInUseException": _C,
        "ResourceNotFoundException": _N,
        "ServerException": _S,
        "ServiceDeploymentNotFoundException": _N,
        "ServiceNotActiveException": _C,  # the service is DRAINING or INACTIVE
        "ServiceNotFoundException": _N,
        "TargetNotConnectedException": _C,  # ECS Exec: the task's agent is not connected yet
        "TargetNotFoundException": _N,
        "TaskSetNotFoundException": _N,
        "UnsupportedFeatureException": _I,
        "UpdateInProgressException": _C,  # an agent update is already under way
        # -- Amazon ECR and ECR Public --------------------------------------------------------------------------
        "BlockedByOrganizationPolicyException": _A,  # an AWS Organizations policy forbids it
        "EmptyUploadException": _I,
        "ExclusionAlreadyExistsException": _C,
        "ExclusionNotFoundException": _N,
        "ImageAlreadyExistsException": _C,
        "ImageArchivedException": _C,  # the image is archived: restore it first
        "ImageDigestDoesNotMatchException": _I,
        "ImageNotFoundException": _N,
        "ImageStorageClassUpdateNotSupportedException": _I,
        "ImageTagAlreadyExistsException": _C,  # the tag is immutable
        "InvalidLayerException": _I,
        "InvalidLayerPartException": _I,
        "InvalidTagParameterException": _I,
        "KmsException": _I,  # KMS refused the key (disabled, missing, not usable): fix the key or its policy
        "LayerAlreadyExistsException": _C,
        "LayerInaccessibleException": _A,  # the layer is in another account's repository the caller cannot read
        "LayerPartTooSmallException": _I,
        "LayersNotFoundException": _N,
        "LifecyclePolicyNotFoundException": _N,
        "LifecyclePolicyPreviewInProgressException": _C,
        "LifecyclePolicyPreviewNotFoundException": _N,
        "PullThroughCacheRuleAlreadyExistsException": _C,
        "PullThroughCacheRuleNotFoundException": _N,
        "ReferencedImagesNotFoundException": _N,
        "RegistryNotFoundException": _N,
        "RegistryPolicyNotFoundException": _N,
        "RepositoryAlreadyExistsException": _C,
        "RepositoryCatalogDataNotFoundException": _N,
        "RepositoryNotEmptyException": _C,  # delete its images first, or force
        "RepositoryNotFoundException": _N,
        "RepositoryPolicyNotFoundException": _N,
        "ScanNotFoundException": _N,
        "SecretNotFoundException": _N,
        "SigningConfigurationNotFoundException": _N,
        "TemplateAlreadyExistsException": _C,
        "TemplateNotFoundException": _N,
        "TooManyTagsException": _I,
        "UnableToAccessSecretException": _A,
        "UnableToDecryptSecretValueException": _A,
        "UnableToGetUpstreamImageException": _S,  # the upstream registry did not give the image
        "UnableToGetUpstreamLayerException": _S,
        "UnableToListUpstreamImageReferrersException": _S,
        "UnsupportedCommandException": _I,
        "UnsupportedImageTypeException": _I,
        "UnsupportedUpstreamRegistryException": _I,
        "UploadNotFoundException": _N,
        "ValidationException": _I,
        # -- AWS's common errors (any service may answer them) ------------------------------------------------------
        "AccessDenied": _A,
        "ExpiredToken": _A,
        "ExpiredTokenException": _A,
        "IncompleteSignature": _A,
        "InvalidClientTokenId": _A,
        "InvalidSignatureException": _A,
        "MissingAuthenticationToken": _A,
        "NotAuthorized": _A,
        "OptInRequired": _A,
        "SignatureDoesNotMatch": _A,
        "UnauthorizedOperation": _A,
        "UnrecognizedClientException": _A,
        "InvalidAction": _I,  # an operation the endpoint does not serve
        "InvalidParameterCombination": _I,
        "InvalidParameterValue": _I,
        "InvalidQueryParameter": _I,
        "MalformedQueryString": _I,
        "MissingAction": _I,
        "MissingParameter": _I,
        "SerializationException": _I,
        "ValidationError": _I,
        "RequestExpired": _I,
        # botocore retries these as throttling (botocore/retries/standard.py); LimitExceededException is not here:
        # for ECS and ECR it is a quota (above), which retrying does not lift
        "BandwidthLimitExceeded": _T,
        "EC2ThrottledException": _T,
        "PriorRequestNotComplete": _T,
        "ProvisionedThroughputExceededException": _T,
        "RequestLimitExceeded": _T,
        "RequestThrottled": _T,
        "RequestThrottledException": _T,
        "SlowDown": _T,
        "ThrottledException": _T,
        "Throttling": _T,
        "ThrottlingException": _T,
        "TooManyRequestsException": _T,
        "TransactionInProgressException": _T,
        # faults on AWS's side, and botocore's transient errors (the request timed out on AWS's side)
        "InternalError": _S,
        "InternalFailure": _S,
        "InternalServerError": _S,
        "InternalServerException": _S,
        "RequestTimeout": _S,
        "RequestTimeoutException": _S,
        "ServiceUnavailable": _S,
        "ServiceUnavailableException": _S,
    }
)

#: HTTP statuses that class an unknown code (509: bandwidth limit exceeded, which botocore retries as throttling).
_BY_STATUS: tuple[tuple[int, type[BackendError]], ...] = ((403, _A), (404, _N), (409, _C), (429, _T), (509, _T))


def error_class_for(code: str, status: int | None = None) -> type[BackendError]:
    """The ecskit exception class of an AWS error code (``ClusterNotFoundException`` -> :class:`NotFoundError`).

    A code missing from :data:`ERROR_FAMILIES` is classed by the HTTP ``status`` of the answer when given (429 and
    509: throttled, other 5xx: a :class:`ServiceError`, 403: access denied, 404: not found, 409: conflict), else as
    an invalid request.
    """
    known = ERROR_FAMILIES.get(code)
    if known is not None:
        return known
    if status is not None:
        for wanted, cls in _BY_STATUS:
            if status == wanted:
                return cls
        if 500 <= status <= 599:
            return ServiceError
    return InvalidRequestError


def backend_error(
    code: str,
    message: str,
    *,
    operation: str | None = None,
    request_id: str | None = None,
    status: int | None = None,
    fields: Mapping[str, object] | None = None,
) -> BackendError:
    """The ecskit exception for an AWS error: the right class, carrying the code, operation, request id and the
    other members of the error shape (``fields``)."""
    return error_class_for(code, status)(message, code=code, operation=operation, request_id=request_id, fields=fields)
