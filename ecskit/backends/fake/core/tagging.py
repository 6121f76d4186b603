"""The tags a call may give a new ECS resource (CreateService, CreateTaskSet): keys starting ``aws:`` are reserved,
and a resource has at most 50 tags (the API reference of each operation's ``tags``)."""

from __future__ import annotations

from ecskit.backends.fake.core.errors import fail
from ecskit.models.ecs import Tag

__all__ = ["MAX_TAGS", "check_tags"]

#: Tags a resource can have.
MAX_TAGS = 50


def check_tags(tags: tuple[Tag, ...] | None) -> None:
    """InvalidParameterException for a reserved key or too many tags."""
    for tag in tags or ():
        if (tag.key or "").lower().startswith("aws:"):
            fail("InvalidParameterException", "Tag keys with the prefix aws: are reserved.")
    if len(tags or ()) > MAX_TAGS:
        fail("InvalidParameterException", f"A resource can have at most {MAX_TAGS} tags.")
