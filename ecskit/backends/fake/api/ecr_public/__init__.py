"""Amazon ECR Public on the fake: the handlers of its operations, one module per family (importing the package
registers them); :mod:`~.render` turns the fake's records into the wire models they answer with.

Served: every operation; docker's push flow (:mod:`~.push`) runs private ECR's engine on the public repository's
store. Where ECR Public answers at all (us-east-1; us-west-2
in part; no other Region) is :mod:`ecskit.backends.fake.engine.ecr_public`.
"""

from ecskit.backends.fake.api.ecr_public import catalog, images, policies, push, registries, repositories, tags

__all__ = ["catalog", "images", "policies", "push", "registries", "repositories", "tags"]
