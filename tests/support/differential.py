"""Differential checks of the fake against AWS's recorded answers (the AWS CLI's example outputs).

An answer is normalised first: what AWS makes up at random or reads off the clock (task and container ids, UUIDs,
deployment and task set ids, times, account ids, image digests) becomes a placeholder, so that two answers to the
same request compare equal exactly when their structure and every other value agree. :func:`compare` then lists
each member path where they differ."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aws_examples"

#: members whose value is a time AWS reads off its clock (names end in ``At``, or these)
_TIME_KEYS = frozenset({"lastRecordedPullTime", "registeredAt", "deregisteredAt", "expiresAt", "timestamp"})

#: made-up parts of identifiers, in the order they are replaced (most specific first)
_RANDOM = (
    (re.compile(r"sha256:[0-9a-f]{64}"), "<digest>"),
    (re.compile(r"ecs-svc/\d{10,}[0-9A-Z]*"), "ecs-svc/<id>"),
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9A-Za-z]{8,17}\b"), "<id>"),
    (re.compile(r"\b[0-9A-Za-z]*EXAMPLE[0-9A-Za-z]*\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<id>"),
    (re.compile(r"\b\d{12}\b"), "<account>"),
)


def _is_time(key: str) -> bool:
    return key.endswith("At") or key in _TIME_KEYS


def _text(value: str) -> str:
    for pattern, placeholder in _RANDOM:
        value = pattern.sub(placeholder, value)
    return value


def normalise(value: Any, *, key: str = "") -> Any:
    """``value`` with its random and clock-read parts replaced by placeholders, and nothing else changed.

    boto3's ``ResponseMetadata`` is dropped (it is the transport's, not the answer's); a time, whether a
    ``datetime`` as boto3 parses it or a string or number as the CLI printed it, becomes ``"<time>"``."""
    if isinstance(value, Mapping):
        return {k: normalise(v, key=k) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [normalise(item, key=key) for item in value]
    if _is_time(key) and value is not None:
        return "<time>"
    if isinstance(value, datetime.datetime):
        return "<time>"
    if isinstance(value, str):
        return _text(value)
    return value


def compare(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Each member path where ``actual`` departs from ``expected``: a differing value, a member only one side
    has (``missing`` from actual, ``extra`` in actual), a list of another length. Both are compared as given:
    normalise them first."""
    where = path or "<root>"
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        found: list[str] = []
        for key in expected:
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                found.append(f"{sub}: missing (AWS: {_short(expected[key])})")
            else:
                found.extend(compare(expected[key], actual[key], sub))
        for key in actual:
            if key not in expected:
                sub = f"{path}.{key}" if path else str(key)
                found.append(f"{sub}: extra (fake: {_short(actual[key])})")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(expected)} items in AWS's answer, {len(actual)} in the fake's"]
        found = []
        for n, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found.extend(compare(e, a, f"{path}[{n}]"))
        return found
    if expected != actual:
        return [f"{where}: AWS {_short(expected)}, fake {_short(actual)}"]
    return []


def _short(value: Any) -> str:
    text = json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def _split(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+|\*)\]", path):
        parts.append(name if name else "*" if index == "*" else int(index))
    return parts


def replace_at(document: Any, paths: Iterable[str], placeholder: str = "<not compared>") -> Any:
    """``document`` with the member at each path (``a.b[0].c``; ``[*]`` for every item of a list) replaced by
    ``placeholder``, where it exists: for a member whose value depends on state a fixture cannot reproduce."""
    for path in paths:
        _replace(document, _split(path), placeholder)
    return document


def _replace(node: Any, parts: list[Any], placeholder: str) -> None:
    head, rest = parts[0], parts[1:]
    if head == "*":
        children: Iterable[Any] = range(len(node)) if isinstance(node, list) else []
    elif (isinstance(node, list) and isinstance(head, int) and head < len(node)) or (
        isinstance(node, dict) and head in node
    ):
        children = [head]
    else:
        return
    for child in children:
        if rest:
            _replace(node[child], rest, placeholder)
        else:
            node[child] = placeholder


def load_fixtures() -> list[dict[str, Any]]:
    """Every fixture of ``tests/fixtures/aws_examples``, by file name."""
    return [json.loads(path.read_text()) | {"file": path.name} for path in sorted(FIXTURES.glob("*.json"))]
