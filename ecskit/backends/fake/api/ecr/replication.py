"""Image replication: DescribeImageReplicationStatus.

The replication of each push is the engine's (:mod:`~ecskit.backends.fake.engine.ecr_replication`): this answers,
for one image of the source repository, the status of its last push's replication to each destination
(``IN_PROGRESS``, ``COMPLETE`` or ``FAILED`` with a ``failureCode``), and nothing for an image pushed when no rule
applied to its repository. An image or repository that is not there is ImageNotFoundException or
RepositoryNotFoundException with ECR's texts; an image id that names nothing (no tag nor digest, a malformed one)
is InvalidParameterException, as in ECR's other image operations. The API reference also lists
ValidationException; no public source shows what gets it, so the fake never answers with it.
"""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.ecr_images import named_image, repository_for
from ecskit.backends.fake.registry import handles
from ecskit.models.ecr import (
    DescribeImageReplicationStatusRequest,
    DescribeImageReplicationStatusResponse,
    ImageIdentifier,
    ImageReplicationStatus,
    ReplicationStatus,
)

__all__ = ["describe_image_replication_status"]


@handles(DescribeImageReplicationStatusRequest)
def describe_image_replication_status(
    env: Env, req: DescribeImageReplicationStatusRequest
) -> DescribeImageReplicationStatusResponse:
    """DescribeImageReplicationStatus: one status per destination of the image's last push, in rule order."""
    _, repository = repository_for(env, req.registry_id, req.repository_name, "ecr:DescribeImageReplicationStatus")
    image = named_image(repository, req.image_id)
    return DescribeImageReplicationStatusResponse(
        repository_name=repository.name,
        image_id=ImageIdentifier(image_digest=image.digest, image_tag=req.image_id.image_tag),
        replication_statuses=tuple(
            ImageReplicationStatus(
                region=record.region,
                registry_id=record.registry_id,
                status=ReplicationStatus(record.status),
                failure_code=record.failure_code,
            )
            for record in image.replications
        ),
    )
