"""Tags of any ECS resource: TagResource, UntagResource, ListTagsForResource (kept apart, as ECS does)."""

from __future__ import annotations

from ecskit._text import digits
from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail
from ecskit.backends.fake.core.tagging import check_tags
from ecskit.backends.fake.engine.capacity import find_provider
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    TagResourceRequest,
    TagResourceResponse,
    UntagResourceRequest,
    UntagResourceResponse,
)

__all__ = ["list_tags_for_resource", "tag_resource", "untag_resource"]


def _known(env: Env, arn: str) -> None:
    if not arn.startswith(f"arn:aws:ecs:{env.region}:{env.account}:"):
        fail("InvalidParameterException", "The specified resource ARN is not valid.")
    resource = arn.split(":", 5)[5]
    kind, _, rest = resource.partition("/")
    if kind == "cluster":
        found = env.state.clusters.get(rest)
        if found is None or not found.active:
            fail("ClusterNotFoundException", "Cluster not found.")
    elif kind == "container-instance":
        instance = env.state.instances.get(arn)
        if instance is None or not instance.live:
            fail("InvalidParameterException", "The specified resource could not be found.")
    elif kind == "task":
        if arn not in env.state.tasks:
            fail("InvalidParameterException", "The specified task could not be found.")
    elif kind == "capacity-provider":
        provider = find_provider(env, arn)
        if provider is None or not provider.active or rest in FARGATE_PROVIDERS:
            fail("InvalidParameterException", "The specified capacity provider could not be found.")
    elif kind == "task-definition":
        family, _, rev = rest.partition(":")
        if not digits(rev) or not 1 <= int(rev) <= len(env.state.definitions.get(family, ())):
            fail("ResourceNotFoundException", "The specified resource could not be found.")
    else:
        fail("InvalidParameterException", "The specified resource ARN is not valid.")


@handles(TagResourceRequest)
def tag_resource(env: Env, req: TagResourceRequest) -> TagResourceResponse:
    """TagResource: adds or replaces tags (keys starting ``aws:`` are reserved; at most 50 a resource)."""
    _known(env, req.resource_arn)
    current = {t.key: t for t in env.state.tags.get(req.resource_arn, ())}
    check_tags(req.tags, kept=current)
    for tag in req.tags:
        current[tag.key] = tag
    env.state.tags[req.resource_arn] = tuple(current.values())
    return TagResourceResponse()


@handles(UntagResourceRequest)
def untag_resource(env: Env, req: UntagResourceRequest) -> UntagResourceResponse:
    """UntagResource: removes tags by key."""
    _known(env, req.resource_arn)
    drop = set(req.tag_keys)
    env.state.tags[req.resource_arn] = tuple(t for t in env.state.tags.get(req.resource_arn, ()) if t.key not in drop)
    return UntagResourceResponse()


@handles(ListTagsForResourceRequest)
def list_tags_for_resource(env: Env, req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    """ListTagsForResource: the resource's tags."""
    _known(env, req.resource_arn)
    return ListTagsForResourceResponse(tags=env.state.tags.get(req.resource_arn, ()))
