"""In-use protection: which images of a repository active task definitions, services and tasks still run.

A lifecycle policy knows nothing of ECS. A rule that keeps the newest 10 images expires the eleventh even if the
service in production runs it, and the outage comes later: the next task the service starts (a scale-out, a
replaced task, an instance that fails) cannot pull its image and stops with ``CannotPullContainerError``. Archiving
does the same, since an archived image cannot be pulled until it is restored. The preview
(:func:`~ecskit.lifecycle.preview`) warns, loudly, of every image it would expire or archive that is still used.

What counts as a use (:func:`collect_uses`):

* a service: the task definitions of its deployments (the primary one and those still draining), found among the
  task definitions given; a service whose task definition is not given is reported, not guessed;
* a task definition that no given service runs, unless it is ``INACTIVE`` or being deleted;
* a task not stopped, by its containers' images and the digests ECS resolved them to (``imageDigest``);
* a plain image reference.

A reference names an image of the repository by tag (``<registry>/<name>:<tag>``, ``latest`` when it has neither
tag nor digest) or by digest (``<registry>/<name>@sha256:...``). It is matched against the repository by name, and by
registry (account) and Region where both are known (``<account>.dkr.ecr.<region>.amazonaws.com``); a digest the
task resolved matches the image of that digest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs

from ecskit.codec import Document, from_api, load_document, to_api
from ecskit.errors import UsageError
from ecskit.models.ecs import (
    DescribeServicesResponse,
    DescribeTaskDefinitionResponse,
    DescribeTasksResponse,
    RegisterTaskDefinitionRequest,
    RegisterTaskDefinitionResponse,
    Service,
    Task,
    TaskDefinition,
)
from ecskit.validation import Finding, Phase, Severity

__all__ = [
    "ECR_HOST",
    "ImageReference",
    "ImageUse",
    "InUseInput",
    "RepositoryId",
    "UseIndex",
    "collect_uses",
    "parse_reference",
    "read_uses",
]

#: A private registry's host: ``<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]``, or the dual-stack
#: ``<account>.dkr-ecr[-fips].<region>.on.aws``.
ECR_HOST = re.compile(
    r"^(?P<account>\d{12})\.(?:dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?"
    r"|dkr-ecr(?:-fips)?\.(?P<region2>[a-z0-9-]+)\.on\.aws)$"
)
_DOCS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html"
_INACTIVE = frozenset({"INACTIVE", "DELETE_IN_PROGRESS"})


@attrs.frozen(kw_only=True)
class ImageUse:
    """One use of an image: the reference as written, who uses it, and the digest it resolved to if known."""

    #: The image reference (a container definition's ``image``).
    image: str
    #: Who uses it, in words: ``service web (task definition web:3, container app)``.
    user: str
    #: The digest the reference resolved to (a task container's ``imageDigest``), when known.
    digest: str | None = None


@attrs.frozen(kw_only=True)
class ImageReference:
    """An image reference taken apart (``[host/]name[:tag][@digest]``)."""

    #: The registry host, or None (Docker Hub).
    host: str | None
    #: The repository name (path) within the registry.
    name: str
    tag: str | None = None
    digest: str | None = None

    @property
    def account(self) -> str | None:
        """The account of an ECR private registry host, else None."""
        found = ECR_HOST.match(self.host or "")
        return found.group("account") if found else None

    @property
    def region(self) -> str | None:
        """The Region of an ECR private registry host, else None."""
        found = ECR_HOST.match(self.host or "")
        return (found.group("region") or found.group("region2")) if found else None


def parse_reference(image: str) -> ImageReference:
    """Take an image reference apart; a reference with neither tag nor digest names ``latest``, as Docker reads it.

    >>> parse_reference("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1")
    ImageReference(host='123456789012.dkr.ecr.us-east-1.amazonaws.com', name='team/app', tag='v1', digest=None)
    """
    rest, _, digest = image.partition("@")
    host: str | None = None
    first, slash, remainder = rest.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        host, rest = first, remainder
    name, colon, tag = rest.rpartition(":")
    if not colon or "/" in tag:
        name, tag = rest, ""
    return ImageReference(host=host, name=name, tag=tag or (None if digest else "latest"), digest=digest or None)


@attrs.frozen(kw_only=True)
class RepositoryId:
    """Which repository the previewed images are of, as far as it is known (None: unknown)."""

    name: str | None = None
    #: The registry's account id.
    account: str | None = None
    region: str | None = None

    @classmethod
    def parse(cls, repository: str) -> RepositoryId:
        """A repository URI (``<account>.dkr.ecr.<region>.amazonaws.com/<name>``) or a bare name."""
        ref = parse_reference(repository + ":x")
        return cls(name=ref.name, account=ref.account, region=ref.region)

    def holds(self, ref: ImageReference) -> bool:
        """Whether ``ref`` names an image of this repository (a digest-only match is made by :class:`UseIndex`)."""
        if self.name is None or ref.name != self.name:
            return False
        account = ref.account
        if account is None:  # a registry other than ECR's private ones (Docker Hub, ECR Public, ...)
            return False
        return (self.account is None or account == self.account) and (self.region is None or ref.region == self.region)


class UseIndex:
    """The uses of one repository's images, by tag and by digest."""

    def __init__(self, uses: Iterable[ImageUse], repository: RepositoryId) -> None:
        self.by_tag: dict[str, list[ImageUse]] = {}
        self.by_digest: dict[str, list[ImageUse]] = {}
        for use in uses:
            ref = parse_reference(use.image)
            digests = {ref.digest, use.digest} - {None}
            if repository.name is None:  # which repository is not known: match by content (digest) only
                for digest in digests:
                    self.by_digest.setdefault(str(digest), []).append(use)
            elif repository.holds(ref):
                for digest in digests:
                    self.by_digest.setdefault(str(digest), []).append(use)
                if ref.digest is None and ref.tag is not None:
                    self.by_tag.setdefault(ref.tag, []).append(use)

    def __bool__(self) -> bool:
        return bool(self.by_tag or self.by_digest)

    def users(self, digest: str, tags: Iterable[str]) -> list[ImageUse]:
        """Every use of the image of ``digest`` and ``tags`` (each once)."""
        found = list(self.by_digest.get(digest, ()))
        for tag in tags:
            found.extend(self.by_tag.get(tag, ()))
        return list(dict.fromkeys(found))


#: What :func:`collect_uses` takes: image references (``str``), :class:`ImageUse`, ECS task definitions (in their
#: model forms), services, tasks, their describe responses, or documents of any of them (dict, bytes or a file;
#: a ``str`` is an image reference, not JSON text).
InUseInput: TypeAlias = (
    str
    | ImageUse
    | TaskDefinition
    | RegisterTaskDefinitionRequest
    | RegisterTaskDefinitionResponse
    | DescribeTaskDefinitionResponse
    | Service
    | DescribeServicesResponse
    | Task
    | DescribeTasksResponse
    | Document
)


def collect_uses(sources: Iterable[InUseInput]) -> tuple[list[ImageUse], list[Finding]]:
    """Every use of an image by ``sources`` (see the module docstring), and a finding for each service whose task
    definition was not given."""
    uses: list[ImageUse] = []
    definitions: list[TaskDefinition] = []
    services: list[Service] = []
    for item in _flatten(sources):
        if isinstance(item, ImageUse):
            uses.append(item)
        elif isinstance(item, TaskDefinition):
            definitions.append(item)
        elif isinstance(item, Service):
            services.append(item)
        else:
            uses.extend(_task_uses(item))
    findings: list[Finding] = []
    run: set[int] = set()
    for service in services:
        name = service.service_name or _tail(service.service_arn or "?")
        for arn in _service_definitions(service):
            found = next((i for i, d in enumerate(definitions) if _same_definition(d, arn)), None)
            if found is None:
                findings.append(_unresolved(name, arn))
                continue
            run.add(found)
            uses.extend(_definition_uses(definitions[found], f"service {name} (task definition {_revision(arn)}, "))
    for i, definition in enumerate(definitions):
        if i not in run and str(definition.status or "ACTIVE") not in _INACTIVE:
            label = _revision(definition.task_definition_arn or definition.family or "?", definition.revision)
            uses.extend(_definition_uses(definition, f"task definition {label} ("))
    return uses, findings


def _flatten(sources: Iterable[InUseInput]) -> Iterator[ImageUse | TaskDefinition | Service | Task]:
    for source in sources:
        if isinstance(source, str):
            yield ImageUse(image=source, user=f"image {source}")
        elif isinstance(source, ImageUse | TaskDefinition | Service | Task):
            yield source
        elif isinstance(source, RegisterTaskDefinitionRequest):
            yield from_api(to_api(source), TaskDefinition, unknown="ignore")
        elif isinstance(source, RegisterTaskDefinitionResponse | DescribeTaskDefinitionResponse):
            if source.task_definition is not None:
                yield source.task_definition
        elif isinstance(source, DescribeServicesResponse):
            yield from source.services or ()
        elif isinstance(source, DescribeTasksResponse):
            yield from source.tasks or ()
        else:
            yield from _read_document(load_document(source, "task definition, service or task"))


def read_uses(document: Document | list[Any]) -> list[TaskDefinition | Service | Task]:
    """The task definitions, services and tasks of a document (describe output, register input, or a list of
    them; parsed JSON, JSON text or a file), told apart by their keys; UsageError for anything else."""
    return list(_read_document(load_document(document, "task definition, service or task")))


def _read_document(data: object) -> Iterator[TaskDefinition | Service | Task]:
    """Task definitions, services and tasks from parsed JSON, told apart by their keys."""
    if isinstance(data, list):
        for item in data:
            yield from _read_document(item)
        return
    if not isinstance(data, Mapping):
        raise UsageError(f"expected a task definition, service or task (a JSON object), got {type(data).__name__}")
    if isinstance(data.get("taskDefinition"), Mapping):
        yield from_api(data["taskDefinition"], TaskDefinition, unknown="ignore")
    elif isinstance(data.get("services"), list):
        yield from from_api(dict(data), DescribeServicesResponse, unknown="ignore").services or ()
    elif isinstance(data.get("tasks"), list):
        yield from from_api(dict(data), DescribeTasksResponse, unknown="ignore").tasks or ()
    elif "containerDefinitions" in data:
        yield from_api(dict(data), TaskDefinition, unknown="ignore")
    elif "taskArn" in data or "containers" in data:
        yield from_api(dict(data), Task, unknown="ignore")
    elif "serviceName" in data or "serviceArn" in data:
        yield from_api(dict(data), Service, unknown="ignore")
    else:
        keys = ", ".join(sorted(data)[:5]) or "none"
        raise UsageError(f"not a task definition, service or task (its keys: {keys})")


def _task_uses(task: Task) -> Iterator[ImageUse]:
    if task.last_status == "STOPPED":
        return
    label = _tail(task.task_arn or "?")
    group = f", {task.group}" if task.group else ""
    for container in task.containers or ():
        if container.image:
            user = f"task {label} ({_revision(task.task_definition_arn or '?')}{group}, container {container.name})"
            yield ImageUse(image=container.image, user=user, digest=container.image_digest)


def _definition_uses(definition: TaskDefinition, prefix: str) -> Iterator[ImageUse]:
    for container in definition.container_definitions or ():
        if container.image:
            yield ImageUse(image=container.image, user=f"{prefix}container {container.name})")


def _service_definitions(service: Service) -> list[str]:
    """The task definitions a service runs: its deployments' (the primary and those still draining)."""
    found = [d.task_definition for d in service.deployments or () if d.task_definition and d.status != "INACTIVE"]
    if service.task_definition:
        found.insert(0, service.task_definition)
    return list(dict.fromkeys(found))


def _same_definition(definition: TaskDefinition, ref: str) -> bool:
    arn = definition.task_definition_arn
    if arn is not None and arn == ref:
        return True
    return definition.family is not None and _revision(ref) == _revision(definition.family, definition.revision)


def _revision(ref: str, revision: int | None = None) -> str:
    """``family:revision`` of a task definition ARN or name."""
    tail = _tail(ref)
    return f"{tail}:{revision}" if revision is not None and ":" not in tail else tail


def _tail(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def _unresolved(service: str, definition: str) -> Finding:
    return Finding(
        rule="lifecycle-in-use-unresolved",
        severity=Severity.WARNING,
        phase=Phase.ADVICE,
        path="",
        message=f"service {service} runs task definition {_revision(definition)}, which was not given: "
        "the images it uses were not checked",
        hint="give that task definition too (aws ecs describe-task-definition output)",
        docs=_DOCS,
    )
