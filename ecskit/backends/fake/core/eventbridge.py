"""The fake's EventBridge records, per account and Region: the rules of the default event bus with their targets,
and what each target has received. Saved with the fake; a rule's compiled pattern is derived (read again from its
text when first needed)."""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from ecskit.backends.fake.core.base import derived

__all__ = ["DEFAULT_BUS", "EventBridgeRecord", "RuleRecord", "TargetRecord"]

#: The event bus every account has, where AWS services send their events.
DEFAULT_BUS = "default"


@attrs.define(kw_only=True)
class TargetRecord:
    """One target of a rule (PutTargets), as ListTargetsByRule shows it: its wire members, kept as given."""

    id: str
    arn: str
    #: The members of the ``Target`` shape other than ``Id`` and ``Arn`` (``Input``, ``InputPath``,
    #: ``InputTransformer``, ``RoleArn``, ...), wire names.
    settings: dict[str, Any] = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class RuleRecord:
    """One rule of the default event bus (PutRule)."""

    name: str
    arn: str
    event_pattern: str | None = None
    state: str = "ENABLED"
    description: str | None = None
    role_arn: str | None = None
    created_by: str
    created_at: datetime.datetime
    #: target id -> target, in the order they were added
    targets: dict[str, TargetRecord] = attrs.field(factory=dict)
    #: the pattern as read (derived: read again from :attr:`event_pattern`)
    compiled: Any = derived(default=None)


@attrs.define(kw_only=True)
class EventBridgeRecord:
    """EventBridge in one account and Region."""

    #: rule name -> rule (the default bus's), in creation order
    rules: dict[str, RuleRecord] = attrs.field(factory=dict)
    #: target ARN -> what it received, in order (JSON data: the event, or what the target's input settings made of it)
    delivered: dict[str, list[Any]] = attrs.field(factory=dict)
