"""Rendering diffs: one line per change, unified diffs of the normalised documents, colour on request."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit.diff import Diff, diff_service, diff_task_definitions, render

OLD: dict[str, Any] = {
    "family": "web",
    "containerDefinitions": [
        {"name": "app", "image": "nginx:1.25", "environment": [{"name": "LOG_LEVEL", "value": "info"}]},
        {"name": "sidecar", "image": "envoy:1"},
    ],
    "tags": [{"key": "team", "value": "web"}],
}
NEW: dict[str, Any] = {
    "family": "web",
    "containerDefinitions": [
        {"name": "app", "image": "nginx:1.27", "environment": [{"name": "DEBUG", "value": "1"}]},
        {"name": "sidecar", "image": "envoy:1"},
    ],
    "cpu": "512",
}


def test_text_is_one_line_per_change() -> None:
    assert render(diff_task_definitions(OLD, NEW)).splitlines() == [
        '+ containerDefinitions[name=app].environment[name=DEBUG]: {"name": "DEBUG", "value": "1"}',
        '- containerDefinitions[name=app].environment[name=LOG_LEVEL]: {"name": "LOG_LEVEL", "value": "info"}',
        '~ containerDefinitions[name=app].image: "nginx:1.25" -> "nginx:1.27"',
        '+ cpu: "512"',
        '- tags: [{"key": "team", "value": "web"}]',
    ]


def test_unified_diff_of_the_normalised_documents() -> None:
    text = render(diff_task_definitions(OLD, NEW), format="unified")
    lines = text.splitlines()
    assert lines[:2] == ["--- old", "+++ new"]
    assert '-      "image": "nginx:1.25"' in lines
    assert '+      "image": "nginx:1.27"' in lines
    assert '+  "cpu": "512"' in lines
    # Lines that are the same on both sides are context, never changes.
    assert not [line for line in lines if line[:1] in "+-" and "sidecar" in line]
    labelled = render(
        diff_service({"serviceName": "s", "desiredCount": 2}, {"serviceName": "s", "desiredCount": 1}), format="unified"
    )
    assert labelled.splitlines()[:2] == ["--- deployed", "+++ desired"]


def test_no_change_renders_as_nothing() -> None:
    same = diff_task_definitions(OLD, OLD)
    assert render(same) == ""
    assert render(same, format="unified") == ""
    assert render(Diff(changes=())) == ""


def test_colour_is_off_by_default_and_ansi_when_asked() -> None:
    diff = diff_task_definitions(OLD, NEW)
    assert "\x1b[" not in render(diff) + render(diff, format="unified")
    coloured = render(diff, color=True).splitlines()
    assert coloured[0].startswith("\x1b[32m+ ")
    assert coloured[1].startswith("\x1b[31m- ")
    assert coloured[2].startswith("\x1b[33m~ ")
    assert all(line.endswith("\x1b[0m") for line in coloured)
    unified = render(diff, format="unified", color=True).splitlines()
    assert any(line.startswith("\x1b[36m@@") for line in unified)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'html'"):
        render(diff_task_definitions(OLD, NEW), format="html")  # type: ignore[arg-type]
