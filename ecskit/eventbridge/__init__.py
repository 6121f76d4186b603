"""Amazon EventBridge, offline: event patterns read and matched as EventBridge reads and matches them
(:mod:`~ecskit.eventbridge.patterns`). The fake's EventBridge (``FakeBackend().client("events")``) matches its rules
with them.

This package imports nothing of ecskit but :mod:`ecskit.errors`: it sits beside the codec, below every backend.
"""

from ecskit.eventbridge.patterns import EventPattern, EventPatternError, read_pattern

__all__ = ["EventPattern", "EventPatternError", "read_pattern"]
