"""What the registries outside AWS hold, as far as the fake knows: the images a test declares.

The fake reaches no registry on the internet. A pull through cache rule whose upstream is Docker Hub, Quay, GitHub
Container Registry, ... serves the images declared for that upstream (with
:meth:`FakeBackend.declare_upstream_image <ecskit.backends.fake.FakeBackend.declare_upstream_image>`), and nothing
else: a pull of an image that was not declared fails as a pull of an image missing upstream does. These registries
belong to no account, so they are kept once for the whole fake (:attr:`World.upstream
<ecskit.backends.fake.core.region.World.upstream>`), saved and restored with it. An upstream that is itself an Amazon
ECR private registry is not declared here: it is one of the fake's own registries.
"""

from __future__ import annotations

import attrs

from ecskit.backends.fake.core.ecr import ImageStore

__all__ = ["UpstreamRegistries"]


@attrs.define(kw_only=True)
class UpstreamRegistries:
    """The declared contents of registries outside AWS."""

    #: registry host (as a rule's ``upstreamRegistryUrl`` names it) -> repository name -> what it holds
    registries: dict[str, dict[str, ImageStore]] = attrs.field(factory=dict)

    def find(self, host: str, repository: str) -> ImageStore | None:
        """What the repository ``repository`` of ``host`` holds, if anything was declared there."""
        found = self.registries.get(host)
        return found.get(repository) if found is not None else None

    def store(self, host: str, repository: str) -> ImageStore:
        """The store of a repository of ``host``, made empty on first use (for declaring images into)."""
        return self.registries.setdefault(host, {}).setdefault(repository, ImageStore())
