"""Pull through cache: which rule covers a repository name, and what the first pull through it does.

"After you've created a pull through cache rule for the upstream registry, pull an image from that upstream registry
using your Amazon ECR private registry URI. Amazon ECR then creates a repository and caches that image in your
private registry." (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html). The rule whose
``ecrRepositoryPrefix`` covers the name most closely applies (``ROOT`` covers every other name); the upstream
repository is the rest of the name, under the rule's ``upstreamRepositoryPrefix`` when it has one
(``my-app/image1`` -> ``upstream-app/image1`` for a rule ``my-app`` -> ``upstream-app``:
https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html).

What the fake does, and why:

* The first pull creates the repository, with the settings of the repository creation template that applies
  (:func:`~ecskit.backends.fake.engine.ecr_templates.create_from_template`, ``created_by`` ``PULL_THROUGH_CACHE``),
  even when the image is missing upstream: AWS's troubleshooting page gives "Requested image not found" for an image
  the upstream does not hold (or that the caller may not import), and "The repository with name ... does not exist"
  for a wrong name or a caller that may not create repositories
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/error-pullthroughcache.html). The fake calls as the
  account's root user, which may create them.
* A pull by tag caches the image the upstream tag names (an index with its images, "the manifest list and each image
  referenced in the manifest list are pulled"). A pull by digest caches nothing: an uncached image pulled by digest,
  or by tag and digest, "returns as missing" (https://github.com/aws/containers-roadmap/issues/2837).
* A cached tag is checked against its upstream again on a pull 24 hours or more after the last check ("Amazon ECR
  checks the remote repository up to once per 24 hours ... This timer is based off the last pull of the cached
  image"); when the upstream tag moved, the new image is cached and the tag moves to it (the old image stays,
  untagged). An image gone upstream stays cached.
* Credentials are not checked when pulling (the fake has no Secrets Manager), nor is an ECR upstream's registry
  policy (the permissions part of the fake evaluates those).
"""

from __future__ import annotations

import datetime

from ecskit.backends.fake.core.ecr import PrivateRegistry, RepositoryRecord
from ecskit.backends.fake.core.ecr_prefixes import ROOT, namespaces, prefix_key
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.ecr_events import pull_through_cached
from ecskit.backends.fake.engine.ecr_templates import create_from_template
from ecskit.backends.fake.engine.ecr_upstream import cache_image, upstream_store
from ecskit.models.ecr import ImageIdentifier, PullThroughCacheRule, RCTAppliedFor

__all__ = ["RECHECK", "repository_for_pull", "rule_for", "upstream_repository"]

#: How long a cached tag is trusted before a pull checks its upstream again.
RECHECK = datetime.timedelta(hours=24)


def rule_for(registry: PrivateRegistry, name: str) -> PullThroughCacheRule | None:
    """The pull through cache rule that covers the repository ``name`` (the longest prefix, then ``ROOT``)."""
    rules = registry.pull_through
    if not rules:
        return None
    for key in namespaces(name):
        rule = rules.get(key)
        if rule is not None:
            return rule
    return None


def upstream_repository(rule: PullThroughCacheRule, name: str) -> str:
    """The name of the upstream repository that the repository ``name`` (covered by ``rule``) caches."""
    prefix = prefix_key(rule.ecr_repository_prefix or ROOT)
    rest = name if prefix == ROOT else name[len(prefix) + 1 :]
    upstream = prefix_key(rule.upstream_repository_prefix or ROOT)
    return rest if upstream == ROOT else f"{upstream}/{rest}"


def repository_for_pull(env: Env, name: str, image: ImageIdentifier | None = None) -> RepositoryRecord | None:
    """The entry point of every pull (BatchGetImage, an ECS task starting): the repository ``name`` of ``env``'s
    registry as a pull of ``image`` through a pull through cache rule finds it.

    Returns None when no rule covers ``name``: the caller goes on as for any repository (and answers
    RepositoryNotFoundException when there is none). When a rule covers it, the repository is created on the first
    pull (with its creation template's settings), and a pull by tag caches the upstream image the tag names, or
    refreshes it once 24 hours have passed since the last check. An image the upstream does not hold is not cached,
    and nothing is raised here: the caller then finds no such image and answers as ECR does for one ("Requested
    image not found", ImageNotFound).
    """
    registry = env.state.ecr
    rule = rule_for(registry, name)
    if rule is None:
        return None
    repository = registry.repositories.get(name)
    if repository is None:
        repository = create_from_template(env, name, RCTAppliedFor.PULL_THROUGH_CACHE)
    if image is not None and image.image_tag is not None and image.image_digest is None:
        _sync_tag(env, rule, repository, image.image_tag)
    return repository


def _sync_tag(env: Env, rule: PullThroughCacheRule, repository: RepositoryRecord, tag: str) -> None:
    """Cache the image ``tag`` names upstream, unless the cached one was checked less than 24 hours ago."""
    now = env.clock.now()
    store = repository.store
    cached = store.tag_index().get(tag)
    checked = repository.upstream_checked.get(tag)
    if cached is not None and checked is not None and now - checked < RECHECK:
        return
    source = upstream_store(env, rule.upstream_registry_url or "", upstream_repository(rule, repository.name))
    found = source.resolve(ImageIdentifier(image_tag=tag)) if source is not None else None
    if source is None or found is None:
        return  # missing upstream: what is cached (if anything) is what the pull gets
    repository.upstream_checked[tag] = now
    if found.digest != cached:
        image = cache_image(source, found, store, now)
        store.put_tag(tag, image)
        pull_through_cached(env, rule, repository, tag, image)
