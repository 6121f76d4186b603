"""A small EventBridge on the fake: the rules of each account's default event bus, their targets, custom events and
pattern tests, served on the API's own dicts (ecskit has no models of EventBridge: see
:mod:`ecskit.backends.fake.eventbridge` for how ``fake.client("events")`` reaches these).

Served: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule, PutTargets, ListTargetsByRule,
RemoveTargets, ListRuleNamesByTarget, PutEvents, TestEventPattern. Only the ``default`` bus exists (AWS services
send their events there); naming another bus is ResourceNotFoundException ("Event bus x does not exist."), as for a
bus never created. Rules with a ``ScheduleExpression`` are refused: the fake does not run schedules.

Refusals (EventBridge API reference of each operation; texts quoted from AWS's answers where cited):

* a pattern EventBridge refuses: InvalidEventPatternException, with the event ruler's reason and location
  (:mod:`ecskit.eventbridge.patterns`);
* a name, id or text outside its constraints (the service model's): ValidationException in AWS's words
  (``1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: ...``);
* a rule that does not exist: ResourceNotFoundException ``Rule x does not exist on EventBus default.``;
* PutRule with neither a pattern nor a schedule: ValidationException ``Parameter(s) EventPattern or
  ScheduleExpression must be specified.``; DeleteRule of a rule with targets: ValidationException ``Rule can't be
  deleted since it has targets.``;
* more than 5 targets on a rule ("Amazon EventBridge quotas": 5 targets per rule): LimitExceededException;
* PutEvents entries without Source, DetailType or Detail, or with a Detail that is not a JSON object, fail one by
  one with ``InvalidArgument`` (``Parameter DetailType is not valid. Reason: DetailType is a required argument.``,
  AWS's answer quoted in getmoto/moto#7532); a Source of ``aws.`` is ``NotAuthorizedForSourceException``. A Detail
  nested more than :data:`MAX_DETAIL_DEPTH` levels deep is ``MalformedDetail`` too: the fake's reading (AWS's
  limit, if any beside the 256 KB entry size, is not documented), so that every event it keeps can be saved and
  read.

Every change of rules first flushes the relay (:func:`~ecskit.backends.fake.engine.bus.flush`): events sent before
it meet the rules of their time.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

from ecskit._text import parse_json
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail
from ecskit.backends.fake.core.eventbridge import DEFAULT_BUS, RuleRecord, TargetRecord
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.engine.bus import emit, flush
from ecskit.errors import BackendError
from ecskit.eventbridge import EventPatternError, read_pattern

__all__ = [
    "MAX_DETAIL_DEPTH",
    "MAX_TARGETS",
    "OPERATIONS",
    "delete_rule",
    "describe_rule",
    "list_rule_names_by_target",
    "list_rules",
    "list_targets_by_rule",
    "put_events",
    "put_rule",
    "put_targets",
    "remove_targets",
    "serve",
    "test_event_pattern",
]

#: Targets per rule ("Amazon EventBridge quotas").
MAX_TARGETS = 5
_NAME = re.compile(r"[\.\-_A-Za-z0-9]+")
_STATES = ("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
_EVENT_MEMBERS = ("id", "account", "source", "time", "region", "resources", "detail-type")

Params = dict[str, Any]


def _invalid(value: object, member: str, constraint: str) -> None:
    fail(
        "ValidationException",
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}",
    )


def _check_name(value: str, member: str) -> None:
    if len(value) > 64:
        _invalid(value, member, "Member must have length less than or equal to 64")
    if _NAME.fullmatch(value) is None:
        _invalid(value, member, r"Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+")


def _check_length(value: str | None, member: str, most: int) -> None:
    if value is not None and len(value) > most:
        _invalid(value, member, f"Member must have length less than or equal to {most}")


def _bus(params: Params) -> None:
    name = params.get("EventBusName") or DEFAULT_BUS
    if name.rsplit("/", 1)[-1] != DEFAULT_BUS:
        fail("ResourceNotFoundException", f"Event bus {name.rsplit('/', 1)[-1]} does not exist.")


def _rule(env: Env, params: Params, member: str = "Name") -> RuleRecord:
    _bus(params)
    name = params[member]
    rule = env.state.eventbridge.rules.get(name)
    if rule is None:
        fail("ResourceNotFoundException", f"Rule {name} does not exist on EventBus {DEFAULT_BUS}.")
    return rule


def _pattern(text: str) -> None:
    try:
        read_pattern(text)
    except EventPatternError as exc:
        fail("InvalidEventPatternException", exc.message)


def put_rule(env: Env, params: Params) -> Params:
    """PutRule: create a rule, or change one (its targets stay)."""
    name: str = params["Name"]
    _check_name(name, "name")
    _bus(params)
    pattern = params.get("EventPattern")
    if params.get("ScheduleExpression") is not None:
        fail(
            "ValidationException",
            "ScheduleExpression is not served by ecskit's fake EventBridge: scheduled rules never run on it.",
        )
    if pattern is None:
        fail("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.")
    _check_length(pattern, "eventPattern", 4096)
    _check_length(params.get("Description"), "description", 512)
    state = params.get("State") or "ENABLED"
    if state not in _STATES:
        _invalid(state, "state", f"Member must satisfy enum value set: [{', '.join(_STATES)}]")
    _pattern(pattern)
    flush(env.world)
    rules = env.state.eventbridge.rules
    rule = rules.get(name)
    if rule is None:
        rule = rules[name] = RuleRecord(
            name=name,
            arn=env.arn(f"rule/{name}", "events"),
            created_by=env.account,
            created_at=env.clock.now(),
        )
    rule.event_pattern = pattern
    rule.compiled = None
    rule.state = state
    rule.description = params.get("Description")
    rule.role_arn = params.get("RoleArn")
    return {"RuleArn": rule.arn}


def _shown(rule: RuleRecord) -> Params:
    shown: Params = {"Name": rule.name, "Arn": rule.arn}
    if rule.event_pattern is not None:
        shown["EventPattern"] = rule.event_pattern
    shown["State"] = rule.state
    if rule.description is not None:
        shown["Description"] = rule.description
    if rule.role_arn is not None:
        shown["RoleArn"] = rule.role_arn
    shown["EventBusName"] = DEFAULT_BUS
    return shown


def describe_rule(env: Env, params: Params) -> Params:
    """DescribeRule."""
    rule = _rule(env, params)
    return {**_shown(rule), "CreatedBy": rule.created_by}


def _page(items: list[Any], params: Params) -> tuple[list[Any], str | None]:
    limit = params.get("Limit")
    if limit is not None and not 1 <= limit <= 100:
        _invalid(limit, "limit", "Member must have value less than or equal to 100")
    try:
        return paginate(items, params.get("NextToken"), limit or 100, limit=100)
    except BackendError:  # the shared paging's refusal of a token it did not make, in EventBridge's code
        fail("ValidationException", "The nextToken is not valid.")


def list_rules(env: Env, params: Params) -> Params:
    """ListRules: the rules whose name starts with ``NamePrefix``, by name, a page at a time."""
    _bus(params)
    prefix = params.get("NamePrefix") or ""
    rules = sorted((r for r in env.state.eventbridge.rules.values() if r.name.startswith(prefix)), key=lambda r: r.name)
    page, token = _page(rules, params)
    found: Params = {"Rules": [_shown(r) for r in page]}
    if token is not None:
        found["NextToken"] = token
    return found


def _set_state(env: Env, params: Params, state: str) -> Params:
    rule = _rule(env, params)
    flush(env.world)
    rule.state = state
    return {}


def delete_rule(env: Env, params: Params) -> Params:
    """DeleteRule (nothing happens for a rule that does not exist, as on AWS)."""
    _bus(params)
    rule = env.state.eventbridge.rules.get(params["Name"])
    if rule is None:
        return {}
    if rule.targets:
        fail("ValidationException", "Rule can't be deleted since it has targets.")
    flush(env.world)
    del env.state.eventbridge.rules[rule.name]
    return {}


def put_targets(env: Env, params: Params) -> Params:
    """PutTargets: add targets to a rule, or change them (by ``Id``)."""
    rule = _rule(env, params, "Rule")
    targets: list[Params] = params["Targets"]
    adding = {t["Id"] for t in targets} - set(rule.targets)
    for target in targets:
        _check_name(target["Id"], "targets.member.id")
        given = [k for k in ("Input", "InputPath", "InputTransformer") if k in target]
        if len(given) > 1:
            fail("ValidationException", "Only one of Input, InputPath, or InputTransformer can be provided.")
        if "Input" in target:
            _check_length(target["Input"], "targets.member.input", 8192)
            try:
                parse_json(target["Input"])
            except ValueError:
                fail("ValidationException", f"Target {target['Id']}: Input is not valid JSON text.")
    if len(rule.targets) + len(adding) > MAX_TARGETS:
        fail("LimitExceededException", "The requested resource exceeds the maximum number allowed.")
    flush(env.world)
    for target in targets:
        settings = {k: v for k, v in target.items() if k not in ("Id", "Arn")}
        rule.targets[target["Id"]] = TargetRecord(id=target["Id"], arn=target["Arn"], settings=settings)
    return {"FailedEntryCount": 0, "FailedEntries": []}


def list_targets_by_rule(env: Env, params: Params) -> Params:
    """ListTargetsByRule: a rule's targets as they were put, a page at a time."""
    rule = _rule(env, params, "Rule")
    page, token = _page(list(rule.targets.values()), params)
    found: Params = {"Targets": [{"Id": t.id, "Arn": t.arn, **t.settings} for t in page]}
    if token is not None:
        found["NextToken"] = token
    return found


def remove_targets(env: Env, params: Params) -> Params:
    """RemoveTargets: ids a rule has not are failed entries (``ResourceNotFoundException``)."""
    rule = _rule(env, params, "Rule")
    flush(env.world)
    failed = []
    for target_id in params["Ids"]:
        if rule.targets.pop(target_id, None) is None:
            failed.append(
                {
                    "TargetId": target_id,
                    "ErrorCode": "ResourceNotFoundException",
                    "ErrorMessage": f"Target {target_id} does not exist on rule {rule.name}.",
                }
            )
    return {"FailedEntryCount": len(failed), "FailedEntries": failed}


def list_rule_names_by_target(env: Env, params: Params) -> Params:
    """ListRuleNamesByTarget."""
    _bus(params)
    arn = params["TargetArn"]
    rules = env.state.eventbridge.rules.values()
    names = sorted(r.name for r in rules if any(t.arn == arn for t in r.targets.values()))
    page, token = _page(names, params)
    found: Params = {"RuleNames": page}
    if token is not None:
        found["NextToken"] = token
    return found


#: The deepest nesting of objects and arrays a PutEvents Detail may have on the fake (see the module docstring).
MAX_DETAIL_DEPTH = 100


def _depth(value: Any) -> int:
    """How deeply JSON data nests (0 for a scalar), without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            pending.extend((child, level) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _entry_problem(entry: Params) -> tuple[str, str] | None:
    for member in ("Source", "DetailType", "Detail"):
        if not entry.get(member):
            return "InvalidArgument", f"Parameter {member} is not valid. Reason: {member} is a required argument."
    try:
        detail = parse_json(entry["Detail"])
    except ValueError:
        detail = None
    if not isinstance(detail, dict) or _depth(detail) > MAX_DETAIL_DEPTH:
        return "MalformedDetail", "Detail is malformed."
    if str(entry["Source"]).startswith("aws."):
        return "NotAuthorizedForSourceException", "Not authorized for the source."
    if (entry.get("EventBusName") or DEFAULT_BUS).rsplit("/", 1)[-1] != DEFAULT_BUS:
        return "InvalidArgument", f"Event bus {entry['EventBusName']} does not exist."
    return None


def put_events(env: Env, params: Params) -> Params:
    """PutEvents: custom events on the default bus, matched against its rules like AWS's own (each entry fails or
    is sent on its own)."""
    answers: list[Params] = []
    for entry in params["Entries"]:
        problem = _entry_problem(entry)
        if problem is not None:
            answers.append({"ErrorCode": problem[0], "ErrorMessage": problem[1]})
            continue
        time = entry.get("Time")
        event = emit(
            env,
            entry["Source"],
            entry["DetailType"],
            json.loads(entry["Detail"]),
            entry.get("Resources", ()),
            time=time.astimezone(datetime.UTC) if isinstance(time, datetime.datetime) else None,
        )
        answers.append({"EventId": event.id})
    return {"FailedEntryCount": sum("ErrorCode" in a for a in answers), "Entries": answers}


def test_event_pattern(env: Env, params: Params) -> Params:
    """TestEventPattern: whether the event (JSON text with the members AWS requires) matches the pattern."""
    text = params["EventPattern"]
    try:
        pattern = read_pattern(text)
    except EventPatternError as exc:
        fail("InvalidEventPatternException", exc.message)
    try:
        event = parse_json(params["Event"])
    except ValueError:
        event = None
    if not isinstance(event, dict) or any(m not in event for m in _EVENT_MEMBERS):
        fail(
            "InvalidEventPatternException",
            "Parameter Event is not valid: it must be a JSON object with the members " + ", ".join(_EVENT_MEMBERS),
        )
    return {"Result": pattern.matches(event)}


#: Each operation served, by its name.
OPERATIONS: dict[str, Callable[[Env, Params], Params]] = {
    "PutRule": put_rule,
    "DescribeRule": describe_rule,
    "ListRules": list_rules,
    "DeleteRule": delete_rule,
    "EnableRule": lambda env, params: _set_state(env, params, "ENABLED"),
    "DisableRule": lambda env, params: _set_state(env, params, "DISABLED"),
    "PutTargets": put_targets,
    "ListTargetsByRule": list_targets_by_rule,
    "RemoveTargets": remove_targets,
    "ListRuleNamesByTarget": list_rule_names_by_target,
    "PutEvents": put_events,
    "TestEventPattern": test_event_pattern,
}


def serve(env: Env, operation: str, params: Params) -> Params:
    """Serve one EventBridge operation on its request's dict; its response's dict. An operation not served is
    ``InvalidAction``, naming it."""
    handler = OPERATIONS.get(operation)
    if handler is None:
        fail("InvalidAction", f"The fake does not serve events {operation} (yet): it serves {', '.join(OPERATIONS)}.")
    return handler(env, params)
