"""Tags of any ECS resource: TagResource, UntagResource, ListTagsForResource (kept apart, as ECS does). Which ARNs
name a taggable resource, and what ECS answers for the others: :mod:`ecskit.backends.fake.engine.tags`."""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.tags import checked_keys, checked_tags, tagged_arn
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


@handles(TagResourceRequest)
def tag_resource(env: Env, req: TagResourceRequest) -> TagResourceResponse:
    """TagResource: adds tags, or gives keys already there their new values (at most 50 a resource; keys of the
    aws: prefix are reserved)."""
    arn = tagged_arn(env, req.resource_arn, write=True)
    env.state.tags[arn] = checked_tags(req.tags, env.state.tags.get(arn, ()))
    return TagResourceResponse()


@handles(UntagResourceRequest)
def untag_resource(env: Env, req: UntagResourceRequest) -> UntagResourceResponse:
    """UntagResource: removes tags by key (keys the resource does not have are ignored)."""
    arn = tagged_arn(env, req.resource_arn, write=True)
    drop = checked_keys(req.tag_keys)
    kept = tuple(t for t in env.state.tags.get(arn, ()) if t.key not in drop)
    if kept:
        env.state.tags[arn] = kept
    else:
        env.state.tags.pop(arn, None)
    return UntagResourceResponse()


@handles(ListTagsForResourceRequest)
def list_tags_for_resource(env: Env, req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    """ListTagsForResource: the resource's tags, in the order they were first put."""
    return ListTagsForResourceResponse(tags=env.state.tags.get(tagged_arn(env, req.resource_arn, write=False), ()))
