"""Tags of public repositories: TagResource, UntagResource, ListTagsForResource.

The resource is a public repository's ARN (``arn:aws:ecr-public::<account>:repository/<name>``, the only resource
ECR Public tags). A text that is not such an ARN is InvalidParameterException with ECR's text (``Invalid parameter at
'resourceArn' failed to satisfy constraint: 'Invalid ARN'``, as getmoto/moto's ECR tests pin it); the ARN of a
repository that is not there is RepositoryNotFoundException; another account's repository is refused as every
cross-account call is (:mod:`~ecskit.backends.fake.engine.ecr_public`). A key tagged again takes the new value; at
most 50 tags a repository (TooManyTagsException); keys that are not there are ignored by UntagResource.
"""

from __future__ import annotations

from ecskit.backends.fake.core.ecr_public import PublicRepositoryRecord
from ecskit.backends.fake.core.ecr_public_input import constraint, merged_tags
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.ecr_public import repository_of
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr_public import (
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    TagResourceRequest,
    TagResourceResponse,
    UntagResourceRequest,
    UntagResourceResponse,
)

__all__ = ["list_tags_for_resource", "tag_resource", "untag_resource"]

_PREFIX = "arn:aws:ecr-public::"


def _repository(env: Env, operation: str, arn: str) -> PublicRepositoryRecord:
    """The repository an ARN names (see the module for the refusals)."""
    account, _, resource = arn.removeprefix(_PREFIX).partition(":")
    kind, _, name = resource.partition("/")
    if not arn.startswith(_PREFIX) or kind != "repository" or not name:
        constraint("resourceArn", "Invalid ARN")
    _, record = repository_of(env, operation, account, name)
    return record


@handles(TagResourceRequest)
def tag_resource(env: Env, req: TagResourceRequest) -> TagResourceResponse:
    """TagResource: adds or replaces tags."""
    record = _repository(env, "TagResource", req.resource_arn)
    record.tags = merged_tags(record.tags, req.tags)
    return TagResourceResponse()


@handles(UntagResourceRequest)
def untag_resource(env: Env, req: UntagResourceRequest) -> UntagResourceResponse:
    """UntagResource: removes tags by key."""
    record = _repository(env, "UntagResource", req.resource_arn)
    drop = set(req.tag_keys)
    record.tags = tuple(t for t in record.tags if t.key not in drop)
    return UntagResourceResponse()


@handles(ListTagsForResourceRequest)
def list_tags_for_resource(env: Env, req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    """ListTagsForResource: the repository's tags."""
    record = _repository(env, "ListTagsForResource", req.resource_arn)
    return ListTagsForResourceResponse(tags=record.tags)
