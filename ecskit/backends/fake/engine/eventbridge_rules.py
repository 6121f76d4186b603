"""Rules at work: an event sent on an account's default bus goes to the targets of every enabled rule whose pattern it
matches (:func:`deliver`), each target receiving what its input settings make of it (:func:`target_input`).

A target receives (Amazon EventBridge user guide, "Transforming target input"; API reference of ``Target``):

* the event, by default;
* ``Input``: that JSON text instead (parsed);
* ``InputPath``: the part of the event a JSONPath names (``$.detail``, ``$.detail.state``, ``$.resources[0]``);
* ``InputTransformer``: ``InputTemplate`` with each ``<name>`` replaced by the value ``InputPathsMap`` maps it to (and
  the predefined ``<aws.events.rule-arn>``, ``<aws.events.rule-name>``, ``<aws.events.event.ingestion-time>``,
  ``<aws.events.event.json>``): within a JSON string of the template a value goes in as its text, elsewhere as
  JSON; the result is delivered as JSON data when it is JSON, else as the text.

What a target received is kept in order, by target ARN (nothing is invoked: a test reads it back).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ecskit._text import parse_json, whole
from ecskit.backends.fake.core.bus import BusEvent
from ecskit.backends.fake.core.eventbridge import RuleRecord, TargetRecord
from ecskit.backends.fake.core.region import Region
from ecskit.eventbridge import EventPattern, read_pattern

__all__ = ["compiled", "deliver", "json_path", "target_input"]

_MISSING = object()
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]")
_PLACEHOLDER = re.compile(r"<([^<>\s]+)>")
#: States in which a rule matches events (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS also takes CloudTrail's).
_ENABLED = ("ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")


def compiled(rule: RuleRecord) -> EventPattern | None:
    """The rule's pattern, read (once) from its text; None for a rule without one."""
    if rule.event_pattern is None:
        return None
    if rule.compiled is None:
        rule.compiled = read_pattern(rule.event_pattern)
    pattern: EventPattern = rule.compiled
    return pattern


def deliver(state: Region, event: BusEvent) -> None:
    """Give ``event`` (sent in ``state``'s account and Region) to the targets of the rules it matches."""
    envelope: dict[str, Any] | None = None
    records = state.eventbridge
    for rule in records.rules.values():
        if rule.state not in _ENABLED or not rule.targets:
            continue
        pattern = compiled(rule)
        if pattern is None:
            continue
        envelope = envelope if envelope is not None else event.envelope()
        if not pattern.matches(envelope):
            continue
        for target in rule.targets.values():
            records.delivered.setdefault(target.arn, []).append(target_input(target, rule, envelope))


def json_path(path: str, data: Any) -> Any:
    """The part of ``data`` a JSONPath names (``$``, ``$.a.b``, ``$.a[0]``, ``$['a-b']``); None when it names
    nothing."""
    if not path.startswith("$"):
        return None
    at: Any = data
    rest = path[1:]
    while rest:
        step = _STEP.match(rest)
        if step is None:
            return None
        name, index, quoted = step.groups()
        if index is not None:
            position = whole(index)  # None for digits int() reads but JSONPath does not; huge: past the end
            at = at[position] if isinstance(at, list) and position is not None and position < len(at) else _MISSING
        else:
            key = name if name is not None else quoted
            at = at.get(key, _MISSING) if isinstance(at, dict) else _MISSING
        if at is _MISSING:
            return None
        rest = rest[step.end() :]
    return at


def _string_spans(template: str) -> list[tuple[int, int]]:
    """Where the JSON strings of a template are (between their quotes)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    escaped = False
    for at, char in enumerate(template):
        if start is not None:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                spans.append((start, at))
                start = None
        elif char == '"':
            start = at
    return spans


def target_input(target: TargetRecord, rule: RuleRecord, envelope: dict[str, Any]) -> Any:
    """What ``target`` receives of ``envelope`` (see the module docstring)."""
    settings = target.settings
    if "Input" in settings:
        return json.loads(settings["Input"])
    if "InputPath" in settings:
        return json_path(settings["InputPath"], envelope)
    transformer = settings.get("InputTransformer")
    if transformer is None:
        return envelope
    values: dict[str, Any] = {
        name: json_path(path, envelope) for name, path in (transformer.get("InputPathsMap") or {}).items()
    }
    values.setdefault("aws.events.rule-arn", rule.arn)
    values.setdefault("aws.events.rule-name", rule.name)
    values.setdefault("aws.events.event.ingestion-time", envelope["time"])
    values.setdefault("aws.events.event.json", envelope)
    template: str = transformer["InputTemplate"]
    inside = _string_spans(template)

    def put(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        text = json.dumps(value)
        if any(start < match.start() < end for start, end in inside):  # within a JSON string: the text, escaped
            return text[1:-1] if isinstance(value, str) else json.dumps(text)[1:-1]
        return text

    text = _PLACEHOLDER.sub(put, template)
    try:
        return parse_json(text)
    except ValueError:
        return text
