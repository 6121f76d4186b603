"""Tags of any ECS resource: TagResource, UntagResource, ListTagsForResource (kept apart, as ECS does). Daemons and
daemon task definitions are tagged as the others (their tags given at creation too). A resource that is not there is
ResourceNotFoundException "The specified resource could not be found." (the text ECS gives for a task definition; for
services and task sets it is ecskit's choice of the exception TagResource lists)."""

from __future__ import annotations

from ecskit._text import whole
from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail
from ecskit.backends.fake.core.find import find_daemon_definition
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
    elif kind in ("service", "task-set"):
        # A task set's ARN is task-set/<cluster>/<service>/<id>, the id holding a slash (ecs-svc/<digits>).
        parts = rest.split("/")
        service = env.state.services.get(env.arn(f"service/{'/'.join(parts[:2])}")) if len(parts) >= 2 else None
        if (
            service is None
            or service.status == "INACTIVE"
            or (kind == "task-set" and not any(s.arn == arn for s in service.task_sets))
        ):
            fail("ResourceNotFoundException", "The specified resource could not be found.")
    elif kind == "task":
        if arn not in env.state.tasks:
            fail("InvalidParameterException", "The specified task could not be found.")
    elif kind == "capacity-provider":
        provider = find_provider(env, arn)
        if provider is None or not provider.active or rest in FARGATE_PROVIDERS:
            fail("InvalidParameterException", "The specified capacity provider could not be found.")
    elif kind == "task-definition":
        family, _, rev = rest.partition(":")
        if not 1 <= (whole(rev) or 0) <= len(env.state.definitions.get(family, ())):
            fail("ResourceNotFoundException", "The specified resource could not be found.")
    elif kind == "daemon-task-definition":
        if ":" not in rest or find_daemon_definition(env, arn) is None:
            fail("ResourceNotFoundException", "The specified resource could not be found.")
    elif kind == "daemon":
        if arn not in env.state.daemons:
            fail("InvalidParameterException", "The specified resource could not be found.")
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
