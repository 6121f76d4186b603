"""Amazon ECR on the fake, one module per family of operations (importing the package registers them):

* :mod:`~.repositories`, :mod:`~.policies`, :mod:`~.tags`: repositories, their policies and tags;
* :mod:`~.layers`, :mod:`~.images`: docker's push flow, pulls and image queries;
* :mod:`~.lifecycle`: lifecycle policies and their previews;
* :mod:`~.registry`, :mod:`~.settings`: the registry (policy, replication, token) and its settings;
* :mod:`~.pull_through`: pull through cache rules;
* :mod:`~.scanning`: image scans and their findings;
* :mod:`~.templates`: repository creation templates;
* :mod:`~.replication`: the replication status of images.

An operation without a handler is answered with ``InvalidAction``, naming it.
"""

from ecskit.backends.fake.api.ecr import (
    images,
    layers,
    lifecycle,
    policies,
    pull_through,
    registry,
    replication,
    repositories,
    scanning,
    settings,
    tags,
    templates,
)

__all__ = [
    "images",
    "layers",
    "lifecycle",
    "policies",
    "pull_through",
    "registry",
    "replication",
    "repositories",
    "scanning",
    "settings",
    "tags",
    "templates",
]
