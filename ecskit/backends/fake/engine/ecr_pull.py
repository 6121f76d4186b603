"""ECS tasks pulling their images from the fake's ECR and ECR Public.

When a task's PENDING pull begins (:mod:`~ecskit.backends.fake.engine.lifecycle`), each container's image is looked
up (:func:`pull`). An image outside ECR (Docker Hub, any other registry: see
:func:`~ecskit.backends.fake.core.image_refs.ecr_location`) is pulled as before: it is taken to exist.

**When the fake's ECR is authoritative.** A registry of the fake (a private registry: one account in one Region; an
ECR Public registry: one alias) decides what its images' pulls come to as soon as it holds at least one repository
(for a private registry, also as soon as a pull through cache rule covers the image's repository, which the pull
then creates: :func:`~ecskit.backends.fake.engine.ecr_pull_through.repository_for_pull`). Then a repository, tag or
digest it does not have stops the task with ``CannotPullContainerError``, as on AWS. A registry with no repository
at all is treated as the fake always treated images: present. So tests and users that never touch ECR run as
before, and a test that pushes images to the fake's ECR gets AWS's behaviour for the registries it uses. (A strict
mode in which every registry is authoritative, empty ones included, is a later step.)

**What a pull resolves.** A digest (``repo@sha256:...``, also ``repo:tag@sha256:...``, where Docker and
containerd pull the digest and ignore the tag), else the tag, else ``latest``; an archived image cannot be pulled
(:func:`~ecskit.backends.fake.engine.ecr_images.pull`, the pull BatchGetImage makes too). The container shows the
digest of the image pulled as ``imageDigest`` once it runs.

**Who pulls.** The task execution role when the task definition has one, as the session
``arn:aws:sts::<account>:assumed-role/<role>/<task id>``; without one, on EC2 and EXTERNAL, the container instance
role, which the fake does not know: it is named ``ecsInstanceRole`` (the name AWS's guide gives it,
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html), with the EC2 instance id as
its session. The pull takes ``ecr:BatchGetImage`` and ``ecr:GetDownloadUrlForLayer`` on the repository, decided
as every call of the fake's ECR is (:func:`~ecskit.backends.fake.engine.ecr_access.access`): another account's
repository needs its policy (or the registry policy) to let the puller in; an explicit ``Deny`` refuses anywhere.
The execution role's own permissions are checked before any pull (:mod:`~ecskit.backends.fake.engine.roles`). ECR
Public images can be pulled by anyone.

**lastRecordedPullTime.** A successful pull of a private image records the virtual time of the pull on the image
(:func:`~ecskit.backends.fake.engine.ecr_images.record_pull`), unless the puller's role is in the registry's pull
time update exclusions.

**The texts.** The stop reasons are those of "CannotPullContainer task errors"
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html). Fargate pulls with
containerd and EC2 (and EXTERNAL) instances with Docker Engine, and they word a failure differently; the fake words
it as each launch type does:

* Fargate, missing repository, tag or digest: ``CannotPullContainerError: pull image manifest has been retried 1
  time(s): failed to resolve ref <ref>: <ref>: not found``; access denied: ``... failed to resolve ref <ref>:
  pulling from host <host> failed with status code [manifests <tag>]: 403 Forbidden`` (as Fargate stop reasons
  quoted in public reports read, and as :mod:`~ecskit.backends.fake.engine.roles` words the execution role's own
  denial);
* EC2 and EXTERNAL, Docker Engine's texts with ECR's error messages: ``repository <name> not found: name unknown:
  The repository with name '<repo>' does not exist in the registry with id '<account>'`` and ``manifest for <ref>
  not found: manifest unknown: Requested image not found``; access denied: ``pull access denied for <name>,
  repository does not exist or may require 'docker login': denied: User: <session> is not authorized to perform:
  ecr:BatchGetImage on resource: <repository ARN> because no resource-based policy allows the ecr:BatchGetImage
  action``, which the ECS agent (1.83 and later, aws/amazon-ecs-agent pull request 4181,
  ``agent/api/errormessages/error_messages.go``) opens with "The task can't pull the image. Check that the role has
  the permissions to pull images from the registry." (its apostrophe is U+2019).

As BatchGetImage does, the access check comes first: another account's caller that may not pull learns nothing of
the repository's existence or tags. Each text is the reason of the container that could not be pulled and the
task's ``stoppedReason``; the stop code is ``TaskFailedToStart``. A service keeps starting tasks in its place, each
failing the same way, until the image is there (or its deployment circuit breaker gives up).
"""

from __future__ import annotations

import functools

import attrs

from ecskit.backends.fake.core.ecr import ImageStore
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.find import definition_of
from ecskit.backends.fake.core.image_refs import DEFAULT_TAG, EcrLocation, ImageRef, ecr_location, parse_image
from ecskit.backends.fake.core.region import Region
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.backends.fake.engine import ecr_access, ecr_images
from ecskit.backends.fake.engine.ecr_pull_through import repository_for_pull, rule_for
from ecskit.errors import BackendError
from ecskit.iam import Decision
from ecskit.models.ecr import ImageIdentifier
from ecskit.models.ecs import LaunchType

__all__ = [
    "INSTANCE_ROLE_NAME",
    "PULL_ACTIONS",
    "Pull",
    "Puller",
    "forbidden_reason",
    "pull",
    "puller_of",
    "resolve",
]

#: The actions a pull takes on the repository: the manifest (BatchGetImage), then the layers.
PULL_ACTIONS = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
#: The name the fake gives a container instance role it does not know (AWS's guide names it so).
INSTANCE_ROLE_NAME = "ecsInstanceRole"
#: The agent's words before a denied pull (agent/api/errormessages/error_messages.go).
_CHECK_ROLE = (
    "The task can\u2019t pull the image. Check that the role has the permissions to pull images from the registry. "
)
_PREFIX = "CannotPullContainerError: "
#: containerd's words (Fargate) before the reference it could not resolve.
_RESOLVING = "pull image manifest has been retried 1 time(s): failed to resolve ref "
_REFUSED = (Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY)


@attrs.frozen(kw_only=True)
class Pull:
    """What pulling one image of the fake's ECR came to: the digest of the image pulled, or why the pull failed
    (a container's ``reason`` and the task's ``stoppedReason``)."""

    digest: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class Puller:
    """Who pulls a task's images."""

    #: The role's ARN (pull time update exclusions name it).
    role_arn: str
    #: The caller as ECR sees it: ``arn:aws:sts::<account>:assumed-role/<role>/<session>``.
    session: str


def puller_of(env: Env, task: TaskRecord) -> Puller:
    """The task execution role of the task's definition; without one, the container instance role."""
    execution = definition_of(env, task.definition_arn).body.execution_role_arn
    account = env.account
    if execution:
        arn = execution if execution.startswith("arn:") else f"arn:aws:iam::{account}:role/{execution}"
        session = task.id
    else:
        arn = f"arn:aws:iam::{account}:role/{INSTANCE_ROLE_NAME}"
        instance = env.state.instances.get(task.instance_arn or "")
        session = instance.ec2_instance_id if instance is not None else task.id
    name = arn.rsplit("/", 1)[-1]
    return Puller(role_arn=arn, session=f"arn:aws:sts::{account}:assumed-role/{name}/{session}")


# -- the texts ---------------------------------------------------------------------------------------------------


def _docker(launch_type: LaunchType) -> bool:
    """Whether the task's images are pulled by Docker Engine (EC2, EXTERNAL) rather than containerd (Fargate)."""
    return launch_type is not LaunchType.FARGATE


def _not_found(ref: ImageRef, launch_type: LaunchType) -> str:
    pulled = ref.pulled
    if _docker(launch_type):
        return (
            f"{_PREFIX}Error response from daemon: manifest for {pulled} not found: manifest unknown: "
            "Requested image not found"
        )
    return f"{_PREFIX}{_RESOLVING}{pulled}: {pulled}: not found"


def _no_repository(ref: ImageRef, launch_type: LaunchType, repository: str, registry_id: str) -> str:
    if not _docker(launch_type):
        return _not_found(ref, launch_type)
    return (
        f"{_PREFIX}Error response from daemon: repository {ref.name} not found: name unknown: The repository with "
        f"name '{repository}' does not exist in the registry with id '{registry_id}'"
    )


def forbidden_reason(ref: ImageRef) -> str:
    """The stop reason of a Fargate pull that the registry refuses (HTTP 403 on the manifest)."""
    host = ref.domain or "docker.io"
    manifest = ref.digest or ref.tag or DEFAULT_TAG
    return (
        f"{_PREFIX}{_RESOLVING}{ref.pulled}: pulling from host {host} failed with status code "
        f"[manifests {manifest}]: 403 Forbidden"
    )


def _denied(ref: ImageRef, launch_type: LaunchType, denial: str) -> str:
    """``denial``: ECR's AccessDeniedException text (``User: <session> is not authorized to perform: ...``)."""
    if not _docker(launch_type):
        return forbidden_reason(ref)
    return (
        f"{_PREFIX}{_CHECK_ROLE}Error response from daemon: pull access denied for {ref.name}, repository does not "
        f"exist or may require 'docker login': denied: {denial}"
    )


# -- the pull ----------------------------------------------------------------------------------------------------


def _identifier(ref: ImageRef) -> ImageIdentifier:
    """What the pull asks ECR for: the digest when there is one (the tag beside it is not looked at), else the tag."""
    if ref.digest is not None:
        return ImageIdentifier(image_digest=ref.digest)
    return ImageIdentifier(image_tag=ref.tag or DEFAULT_TAG)


def _refused(env: Env, where: Env, location: EcrLocation, puller: Puller) -> str | None:
    """ECR's AccessDeniedException text when the puller may not pull from the repository, else None."""
    repository = where.state.ecr.repositories.get(location.repository)
    for action in PULL_ACTIONS:
        found = ecr_access.access(env, where, repository, action, principal=puller.session, name=location.repository)
        if found.decision in _REFUSED:
            return found.message
    return None


def _private(env: Env, task: TaskRecord, ref: ImageRef, location: EcrLocation) -> Pull | None:
    key = (location.account or "", location.region or "")
    here = key == (env.account, env.region)
    state = env.state if here else env.world.regions.get(key)
    if state is None or not (state.ecr.repositories or rule_for(state.ecr, location.repository)):
        return None  # the fake's ECR holds nothing in this registry (nor makes it on a pull): lenient
    where = env if here else Env(env.world, state)
    puller = puller_of(env, task)
    refused = _refused(env, where, location, puller)
    if refused is not None:
        return Pull(error=_denied(ref, task.launch_type, refused))
    wanted = _identifier(ref)
    repository = repository_for_pull(where, location.repository, wanted)
    repository = repository or state.ecr.repositories.get(location.repository)
    if repository is None:
        return Pull(error=_no_repository(ref, task.launch_type, location.repository, where.account))
    try:
        image = ecr_images.pull(
            where, repository, wanted.image_digest or wanted.image_tag or "", principal=puller.role_arn
        )
    except BackendError as missing:  # no such tag or digest, or it is archived
        if missing.code != "ImageNotFoundException":
            raise
        return Pull(error=_not_found(ref, task.launch_type))
    return Pull(digest=image.digest)


def _public_registry(env: Env, alias: str) -> Region | None:
    """The records holding the ECR Public registry of ``alias`` (aliases are global), or None."""
    for state in env.world.regions.values():
        if state.ecr_public.alias == alias:
            return state
    return None


def _find(store: ImageStore, ref: ImageRef) -> str | None:
    wanted = _identifier(ref)
    image, _ = ecr_images.find_image(store, wanted.image_digest, wanted.image_tag)
    return image.digest if image is not None and image.status == ecr_images.ACTIVE else None


def _public(env: Env, task: TaskRecord, ref: ImageRef, location: EcrLocation) -> Pull | None:
    state = _public_registry(env, location.alias or "")
    if state is None or not state.ecr_public.repositories:
        return None
    repository = state.ecr_public.repositories.get(location.repository)
    if repository is None:
        return Pull(error=_no_repository(ref, task.launch_type, location.repository, state.account))
    digest = _find(repository.store, ref)
    return Pull(digest=digest) if digest is not None else Pull(error=_not_found(ref, task.launch_type))


@functools.lru_cache(maxsize=4096)  # a service's tasks pull the same few images again and again
def _located(image: str) -> tuple[ImageRef, EcrLocation] | None:
    ref = parse_image(image.strip())
    location = ecr_location(ref) if ref is not None else None
    return (ref, location) if ref is not None and location is not None else None


def pull(env: Env, task: TaskRecord, image: str) -> Pull | None:
    """Pull ``image`` for ``task`` from the fake's ECR or ECR Public; None when the fake's ECR does not decide
    (an image of another registry, or of a registry of the fake that holds no repository)."""
    if "ecr" not in image.lower():  # every ECR host has it: the common case costs one test
        return None
    located = _located(image)
    if located is None:
        return None
    ref, location = located
    if location.public:
        return _public(env, task, ref, location)
    return _private(env, task, ref, location)


def resolve(env: Env, image: str) -> str | None:
    """The digest ``image`` names in the fake's ECR or ECR Public (its own digest, else its tag's image), without a
    pull (no access check, nothing recorded): what a service or daemon revision shows of an image. None when the
    fake's ECR does not hold it."""
    located = _located(image) if "ecr" in image.lower() else None
    if located is None:
        return None
    ref, location = located
    if location.public:
        state = _public_registry(env, location.alias or "")
        public = state.ecr_public.repositories.get(location.repository) if state is not None else None
        return _find(public.store, ref) if public is not None else None
    found = env.world.regions.get((location.account or "", location.region or ""))
    private = found.ecr.repositories.get(location.repository) if found is not None else None
    return _find(private.store, ref) if private is not None else None
