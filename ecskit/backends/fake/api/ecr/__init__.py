"""Amazon ECR on the fake, one module per family of operations:

* :mod:`~.pull_through`: pull through cache rules;
* :mod:`~.templates`: repository creation templates.

An operation without a handler is answered with ``InvalidAction``, naming it.
"""

from ecskit.backends.fake.api.ecr import pull_through, templates

__all__ = ["pull_through", "templates"]
