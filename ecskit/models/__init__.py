"""Pure-data models: the API shapes (:mod:`ecskit.models.ecs`, :mod:`ecskit.models.ecr`), generated from
botocore's service models, and the documents users write by hand (:mod:`ecskit.models.iam`,
:mod:`ecskit.models.lifecycle`). Nothing here does I/O or knows wire names: that is :mod:`ecskit.codec`.
"""

from ecskit.models._base import evolve, make, replace

__all__ = ["evolve", "make", "replace"]
