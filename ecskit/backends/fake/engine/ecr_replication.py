"""Private image replication: each push to a repository of a registry with a replication configuration is copied to
every destination (a Region and registry) of every rule whose repository filters match, in virtual time.

What ECR documents, and what the fake does with it ("Private image replication in Amazon ECR", its considerations:
https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html; "Private registry permissions":
https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html):

* **What replicates.** "Only images pushed to a repository after replication is configured are copied", and "a
  replication action only occurs once per image push": every PutImage that succeeds (a new image, or a tag put on
  or moved to an image) starts one replication per destination (a destination named by two matching rules counts
  once). A rule's ``PREFIX_MATCH`` filters match the repository names that start with one of them; a rule without
  filters matches every repository. Replicas are never replicated again ("an image pushed to us-west-2 replicates to
  only us-east-1, it doesn't replicate again to us-east-2"), and "registry replication doesn't perform any delete
  actions": deleting an image, or a lifecycle policy expiring it, changes no destination. Images a pull through
  cache rule caches are not pushes and do not replicate (the fake's reading: ECR documents replication on push).
* **When.** "The majority of images replicate in less than 30 minutes"; one report measured 2 to 4 seconds
  (aws/containers-roadmap#140). The fake takes :data:`REPLICATION_SECONDS` of virtual time: the replication is
  ``IN_PROGRESS`` until then, then ``COMPLETE`` or ``FAILED`` (DescribeImageReplicationStatus).
* **Where it lands.** The repository of the same name in the destination ("Amazon ECR doesn't support changing the
  repository name during replication"), created if there is none with the settings of the destination's repository
  creation template applied for ``REPLICATION`` (else ECR's defaults: "Repository settings aren't replicated").
  The image keeps its digest; an index arrives with the images it names, and blobs the destination repository
  already has are reused. The push's tag moves to it, unless the destination repository keeps that tag on another
  image (tag immutability "is evaluated in each region/registry separately", aws/containers-roadmap#140): "the
  image is replicated but won't contain the duplicated tag".
* **Permissions.** Within one account nothing is needed ("By default, you have permission to configure cross-Region
  replication within your own registry"). A destination of another account must allow the source's replication
  (its service-linked role, ``AWSServiceRoleForECRReplication``) ``ecr:ReplicateImage`` and, when the repository
  is not there, ``ecr:CreateRepository`` in its registry policy ("If neither is done, replication fails"); the
  decision is :func:`~ecskit.backends.fake.engine.ecr_access.access`, as the replication starts ("any in-progress
  replications previously granted may complete" when a permission is removed). A refused replication is ``FAILED``
  with the failure code :data:`ACCESS_DENIED`, the code a support case reported for a registry policy that did not
  allow the source (aws/containers-roadmap#2675); no public source shows another code, so every refusal has it.
* **Events.** Each replication that completes or fails sends "ECR Replication Action" (action-type ``REPLICATE``,
  result ``SUCCESS`` or ``FAILED``) in the destination's account and Region, naming the destination repository, as
  the samples of https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html show it. A replica
  sends no "ECR Image Action" ``PUSH``: AWS documents that event for pushes, and users of replication match
  ``REPLICATE`` in the destination instead (stroeer/terraform-aws-ecs-fargate#199). The fake omits ``image-tag``
  for a push without a tag (every sample has one).
"""

from __future__ import annotations

from typing import Any

from ecskit.backends.fake.core.ecr import ImageRecord, ReplicationRecord, RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import ReplicationDue
from ecskit.backends.fake.core.region import Region
from ecskit.backends.fake.engine.bus import emit
from ecskit.backends.fake.engine.ecr_access import access
from ecskit.backends.fake.engine.ecr_images import is_immutable
from ecskit.backends.fake.engine.ecr_repositories import repository_arn
from ecskit.backends.fake.engine.ecr_templates import create_from_template
from ecskit.backends.fake.engine.ecr_upstream import cache_image
from ecskit.iam import Decision
from ecskit.models.ecr import RCTAppliedFor, ReplicationConfiguration

__all__ = [
    "ACCESS_DENIED",
    "REPLICATION_SECONDS",
    "destinations",
    "finish_replication",
    "replicate_push",
    "replicator",
]

#: Seconds of virtual time a replication takes (see the module docstring).
REPLICATION_SECONDS = 120.0
#: The failure code of a replication the destination registry does not allow (aws/containers-roadmap#2675).
ACCESS_DENIED = "DESTINATION_REGISTRY_ACCESS_DENIED"

_DENIED = (Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY)


def replicator(account: str) -> str:
    """The principal replication acts as for the source registry ``account``: its service-linked role ("Using
    service-linked roles for Amazon ECR")."""
    return f"arn:aws:iam::{account}:role/aws-service-role/replication.ecr.amazonaws.com/AWSServiceRoleForECRReplication"


def destinations(config: ReplicationConfiguration | None, repository: str) -> list[tuple[str, str]]:
    """The (Region, registry id) destinations of the rules whose filters match ``repository``, in rule order, each
    once."""
    found: dict[tuple[str, str], None] = {}
    for rule in config.rules if config is not None else ():
        filters = rule.repository_filters
        if filters and not any(repository.startswith(f.filter) for f in filters):
            continue
        for destination in rule.destinations:
            found.setdefault((destination.region, destination.registry_id), None)
    return list(found)


def _view(env: Env, account: str, region: str) -> Env:
    """The view of a registry, without making its records (deciding whether a replication may go changes
    nothing)."""
    state = env.world.regions.get((account, region))
    return Env(env.world, state if state is not None else Region(account=account, region=region))


def _allowed(env: Env, where: Env, repository: RepositoryRecord | None, name: str, action: str) -> bool:
    found = access(env, where, repository, action, principal=replicator(env.account), name=name)
    return found.decision not in _DENIED


def replicate_push(env: Env, repository: RepositoryRecord, image: ImageRecord, tag: str | None) -> None:
    """Start the replications of a push of ``image`` (tagged ``tag``) to ``repository`` of the registry ``env``:
    one per destination its replication configuration gives the repository (none without one)."""
    targets = destinations(env.state.ecr.replication, repository.name)
    if not targets:
        return
    done_at = env.now + REPLICATION_SECONDS
    for region, account in targets:
        where = _view(env, account, region)
        found = where.state.ecr.repositories.get(repository.name)
        may_create = _allowed(env, where, None, repository.name, "ecr:CreateRepository")
        allowed = _allowed(env, where, found, repository.name, "ecr:ReplicateImage")
        failure = None if allowed and (found is not None or may_create) else ACCESS_DENIED
        record = ReplicationRecord(region=region, registry_id=account, done_at=done_at)
        kept = [r for r in image.replications if (r.region, r.registry_id) != (region, account)]
        image.replications = [*kept, record]
        event = ReplicationDue(
            repository=repository.name,
            digest=image.digest,
            tag=tag,
            region=region,
            registry_id=account,
            failure=failure,
            may_create=may_create,
            done_at=done_at,
        )
        env.at(done_at, event)


def finish_replication(env: Env, event: ReplicationDue) -> None:
    """A replication completes (or fails) in the destination, and says so to the destination's EventBridge. An image
    deleted from the source before then is not replicated."""
    source = env.state.ecr.repositories.get(event.repository)
    image = source.store.images.get(event.digest) if source is not None else None
    if source is None or image is None:
        return
    where = env.elsewhere(event.registry_id, event.region)
    target = where.state.ecr.repositories.get(event.repository)
    failure = event.failure
    if failure is None and target is None:
        if event.may_create:
            target = create_from_template(where, event.repository, RCTAppliedFor.REPLICATION)
        else:  # the repository the destination made since is gone again
            failure = ACCESS_DENIED
    if failure is None and target is not None:
        _copy(where, source, image, target, event.tag)
    for record in image.replications:
        if (record.region, record.registry_id, record.done_at) == (event.region, event.registry_id, event.done_at):
            record.status = "FAILED" if failure is not None else "COMPLETE"
            record.failure_code = failure
    detail: dict[str, Any] = {
        "result": "FAILED" if failure is not None else "SUCCESS",
        "repository-name": event.repository,
        "image-digest": event.digest,
        "source-account": env.account,
        "action-type": "REPLICATE",
        "source-region": env.region,
    }
    if event.tag is not None:
        detail["image-tag"] = event.tag
    emit(where, "aws.ecr", "ECR Replication Action", detail, [repository_arn(where, event.repository)])


def _copy(where: Env, source: RepositoryRecord, image: ImageRecord, target: RepositoryRecord, tag: str | None) -> None:
    """Copy ``image`` (with the images an index names, and the blobs ``target`` lacks) and move ``tag`` to it, unless
    ``target`` keeps that tag on another image."""
    store = target.store
    copy = cache_image(source.store, image, store, where.clock.now())
    if tag is None:
        return
    current = store.tag_index().get(tag)
    if current is not None and current != copy.digest and is_immutable(target, tag):
        return
    store.put_tag(tag, copy)
