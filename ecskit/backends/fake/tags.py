"""Tags of any ECS resource: TagResource, UntagResource, ListTagsForResource (kept apart, as ECS does)."""

from __future__ import annotations

from ecskit._text import digits
from ecskit.backends.fake.capacity_providers import FARGATE_PROVIDERS, find_provider
from ecskit.backends.fake.env import Env, fail
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

MAX_TAGS = 50


def _known(env: Env, arn: str) -> None:
    """Raise as AWS does when the ARN names nothing in this account and Region."""
    if not arn.startswith(f"arn:aws:ecs:{env.region}:{env.account}:"):
        fail("InvalidParameterException", "The specified resource ARN is not valid.")
    resource = arn.split(":", 5)[5]
    kind, _, rest = resource.partition("/")
    if kind == "cluster":
        found = env.state.clusters.get(rest)
        if found is None or found.status != "ACTIVE":
            fail("ClusterNotFoundException", "Cluster not found.")
    elif kind == "container-instance":
        found_instance = env.state.container_instances.get(arn)
        if found_instance is None or found_instance.status == "INACTIVE":
            fail("InvalidParameterException", "The specified resource could not be found.")
    elif kind == "task":
        if arn not in env.state.tasks:
            fail("InvalidParameterException", "The specified task could not be found.")
    elif kind == "capacity-provider":
        provider = find_provider(env, arn)
        if provider is None or provider.status == "INACTIVE" or rest in FARGATE_PROVIDERS:
            fail("InvalidParameterException", "The specified capacity provider could not be found.")
    elif kind == "task-definition":
        family, _, rev = rest.partition(":")
        revisions = env.state.task_definitions.get(family, [])
        if not digits(rev) or not 1 <= int(rev) <= len(revisions):
            fail("ResourceNotFoundException", "The specified resource could not be found.")
    else:
        fail("InvalidParameterException", "The specified resource ARN is not valid.")


@handles(TagResourceRequest)
def tag_resource(env: Env, req: TagResourceRequest) -> TagResourceResponse:
    """TagResource: adds or replaces tags by key."""
    _known(env, req.resource_arn)
    current = {t.key: t for t in env.state.tags.get(req.resource_arn, ())}
    for tag in req.tags:
        if tag.key and tag.key.lower().startswith("aws:"):
            fail("InvalidParameterException", "Tag keys with the prefix aws: are reserved.")
        current[tag.key] = tag
    if len(current) > MAX_TAGS:
        fail("InvalidParameterException", "A resource can have at most 50 tags.")
    env.state.tags[req.resource_arn] = tuple(current.values())
    return TagResourceResponse()


@handles(UntagResourceRequest)
def untag_resource(env: Env, req: UntagResourceRequest) -> UntagResourceResponse:
    """UntagResource: removes tags by key (unknown keys are ignored)."""
    _known(env, req.resource_arn)
    drop = set(req.tag_keys)
    env.state.tags[req.resource_arn] = tuple(t for t in env.state.tags.get(req.resource_arn, ()) if t.key not in drop)
    return UntagResourceResponse()


@handles(ListTagsForResourceRequest)
def list_tags_for_resource(env: Env, req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    """ListTagsForResource."""
    _known(env, req.resource_arn)
    return ListTagsForResourceResponse(tags=env.state.tags.get(req.resource_arn, ()))
