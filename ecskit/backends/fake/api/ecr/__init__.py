"""Amazon ECR on the fake: the handlers of its operations, one module per family (importing the package registers
them). Operations without a handler yet are answered with ``InvalidAction``, naming them."""

from ecskit.backends.fake.api.ecr import lifecycle

__all__ = ["lifecycle"]
