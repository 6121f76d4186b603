"""The fake's state: per (account, Region), the resources as the API describes them (models), nothing else.

Keeping state as API models makes describe calls a lookup and saving a fake a matter of the codec: what is saved
is exactly what a describe call would show.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from ecskit.codec import from_api, to_api
from ecskit.codec.convert import to_json
from ecskit.models.ecs import Cluster, Tag, TaskDefinition

__all__ = ["RegionState", "World"]


@attrs.define
class RegionState:
    """Everything one account has in one Region."""

    account: str
    region: str
    #: cluster name -> cluster
    clusters: dict[str, Cluster] = attrs.field(factory=dict)
    #: family -> revisions (index = revision - 1)
    task_definitions: dict[str, list[TaskDefinition]] = attrs.field(factory=dict)
    #: resource ARN -> tags (ECS keeps tags apart from the resources' descriptions)
    tags: dict[str, tuple[Tag, ...]] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready dict of this state (through the codec: lossless)."""
        return {
            "account": self.account,
            "region": self.region,
            "clusters": [json.loads(to_json(c)) for c in self.clusters.values()],
            "taskDefinitions": {f: [json.loads(to_json(t)) for t in revs] for f, revs in self.task_definitions.items()},
            "tags": {a: [to_api(t) for t in tags] for a, tags in self.tags.items()},
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RegionState:
        """The state saved by :meth:`to_data`."""
        clusters = [from_api(c, Cluster) for c in data["clusters"]]
        return cls(
            account=data["account"],
            region=data["region"],
            clusters={c.cluster_name or "": c for c in clusters},
            task_definitions={
                f: [from_api(t, TaskDefinition) for t in revs] for f, revs in data["taskDefinitions"].items()
            },
            tags={a: tuple(from_api(t, Tag) for t in tags) for a, tags in data["tags"].items()},
        )


@attrs.define
class World:
    """All accounts and Regions of one fake."""

    regions: dict[tuple[str, str], RegionState] = attrs.field(factory=dict)

    def region(self, account: str, region: str) -> RegionState:
        """The state of one account in one Region (created empty on first use)."""
        key = (account, region)
        state = self.regions.get(key)
        if state is None:
            state = self.regions[key] = RegionState(account=account, region=region)
        return state
