"""The tags of a call (RunTask, StartTask, CreateService, CreateTaskSet, CreateDaemon, TagResource), checked alike
wherever they are given: the ``aws:`` prefix is reserved (in any case), a resource has at most 50 tags, and each key
and value has the lengths and characters ECS takes (``tag_hits`` of ``ecskit.validation.rules.clusters``, the check
CreateCluster's and CreateCapacityProvider's rules make)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ecskit.backends.fake.core.errors import fail
from ecskit.models.ecs import Tag
from ecskit.validation.rules.clusters import MAX_TAGS, tag_hits

__all__ = ["MAX_TAGS", "check_tags"]


def check_tags(tags: Sequence[Tag] | None, *, kept: Iterable[str | None] = ()) -> None:
    """Refuse ``tags`` as ECS does (InvalidParameterException); ``kept`` are the keys the resource keeps beside
    them (TagResource), which count towards the 50."""
    tags = tags or ()
    for tag in tags:
        if (tag.key or "").lower().startswith("aws:"):
            fail("InvalidParameterException", "Tag keys with the prefix aws: are reserved.")
    if len({*kept, *(t.key for t in tags)}) > MAX_TAGS:
        fail("InvalidParameterException", f"A resource can have at most {MAX_TAGS} tags.")
    hits = tag_hits(tags, lambda *steps: "tags")
    if hits:
        fail("InvalidParameterException", hits[0].message)
