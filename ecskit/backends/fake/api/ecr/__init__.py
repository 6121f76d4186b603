"""Amazon ECR on the fake: the handlers of its operations, one module per family (importing the package registers
them). The operations not served yet are answered with ``InvalidAction``, naming them."""

from ecskit.backends.fake.api.ecr import images, layers

__all__ = ["images", "layers"]
