"""Amazon ECR Public on the fake: the handlers of its operations, one module per family (importing the package
registers them); :mod:`~.render` turns the fake's records into the wire models they answer with.

Served: every operation but the five of docker's push flow (BatchCheckLayerAvailability, InitiateLayerUpload,
UploadLayerPart, CompleteLayerUpload, PutImage), which share their engine with private ECR's and come with it; until
then they are answered with ``InvalidAction``, naming them. Where ECR Public answers at all (us-east-1; us-west-2
in part; no other Region) is :mod:`ecskit.backends.fake.engine.ecr_public`.
"""

from ecskit.backends.fake.api.ecr_public import catalog, images, policies, registries, repositories, tags

__all__ = ["catalog", "images", "policies", "registries", "repositories", "tags"]
