"""The fake's operations, one handler per operation, per service (:mod:`~.ecs`, :mod:`~.ecr`,
:mod:`~.ecr_public`). A handler reads and changes the core through the engine and renders wire models at the edge;
handlers never call each other (what two need is in the core or the engine). Importing this package registers every
handler (:mod:`ecskit.backends.fake.registry`)."""

from ecskit.backends.fake.api import ecr, ecr_public, ecs

__all__ = ["ecr", "ecr_public", "ecs"]
