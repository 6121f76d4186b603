"""Tags of ECR repositories: TagResource, UntagResource, ListTagsForResource.

The resource is a repository ARN (``arn:aws:ecr:<region>:<account>:repository/<name>``, "currently, the only
supported resource", the API reference); another account's repository is reached when its policies allow the
caller. Tags are checked as CreateRepository checks them
(:mod:`~ecskit.backends.fake.engine.ecr_repositories`): InvalidTagParameterException, TooManyTagsException beyond
50. A malformed ARN is InvalidParameterException ``Invalid parameter at 'resourceArn' failed to satisfy constraint:
'Invalid ARN'`` (the text moto records).
"""

from __future__ import annotations

import re

from ecskit.backends.fake.core.ecr import RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.ecr_repositories import check_tags, merge_tags, open_repository
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    Tag,
    TagResourceRequest,
    TagResourceResponse,
    UntagResourceRequest,
    UntagResourceResponse,
)
from ecskit.texts import ecr

__all__ = ["list_tags_for_resource", "tag_resource", "untag_resource"]

_ARN = re.compile(r"arn:aws[a-z-]*:ecr:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):repository/(?P<name>.+)")


def _repository(env: Env, arn: str, action: str) -> RepositoryRecord:
    found = _ARN.fullmatch(arn)
    if found is None or found["region"] != env.region:
        refuse(ecr.CONSTRAINT, member="resourceArn", constraint="Invalid ARN")
    return open_repository(env, found["account"], found["name"], action)[1]


@handles(TagResourceRequest)
def tag_resource(env: Env, req: TagResourceRequest) -> TagResourceResponse:
    """TagResource: adds tags, or gives keys already there their new values."""
    record = _repository(env, req.resource_arn, "ecr:TagResource")
    check_tags(req.tags)
    record.tags = merge_tags(record.tags, req.tags)
    return TagResourceResponse()


@handles(UntagResourceRequest)
def untag_resource(env: Env, req: UntagResourceRequest) -> UntagResourceResponse:
    """UntagResource: removes the tags of the keys given (keys that are not there are ignored)."""
    record = _repository(env, req.resource_arn, "ecr:UntagResource")
    check_tags(Tag(key=key, value="") for key in req.tag_keys)
    drop = set(req.tag_keys)
    record.tags = tuple(tag for tag in record.tags if tag.key not in drop)
    return UntagResourceResponse()


@handles(ListTagsForResourceRequest)
def list_tags_for_resource(env: Env, req: ListTagsForResourceRequest) -> ListTagsForResourceResponse:
    """ListTagsForResource: the repository's tags, in the order they were first put."""
    return ListTagsForResourceResponse(tags=_repository(env, req.resource_arn, "ecr:ListTagsForResource").tags)
