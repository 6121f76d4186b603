"""What ``ecskit validate`` says agrees with itself: a finding that calls something required (or says it must be
so) is an error, since AWS refuses it, and every wrong-type finding says how to fix it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecskit.cli import main
from ecskit.validation import CATALOG, Severity
from tests.support.rulecases import fargate_taskdef, run
from tests.unit.validation.test_rule_cases import CASES

#: Words that claim AWS insists: a finding saying them is an error, or it says something AWS does not do.
_INSISTS = re.compile(r"\b(required|requires|must)\b", re.IGNORECASE)


def test_a_rule_that_says_required_is_an_error() -> None:
    offenders = set()
    for case in CASES:
        for finding in run(case.kind, case.bad, case.taskdef, case.cluster):
            rule = CATALOG[finding.rule]
            for text in (finding.message, rule.summary):
                if _INSISTS.search(text) and (
                    finding.severity is not Severity.ERROR or rule.severity is not Severity.ERROR
                ):
                    offenders.add(f"{rule.id} ({finding.severity.value}): {text}")
    assert not offenders, sorted(offenders)


def _validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], document: Any) -> list[dict[str, Any]]:
    path = tmp_path / "td.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    main(["validate", "--format", "json", str(path)])
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def _wrong_type_hints(rows: list[dict[str, Any]]) -> list[str | None]:
    return [row["hint"] for row in rows if row["rule"] == "schema-wrong-type"]


@pytest.mark.parametrize(
    ("members", "fix"),
    [
        ({"cpu": True}, "write a string here"),
        ({"cpu": 256}, 'write it as the string "256"'),
        ({"containerDefinitions": {"name": "app"}}, "wrap the value in a list: [ ... ]"),
        ({"volumes": [3]}, "write an object (Volume) here"),
        ({"tags": "team=web"}, "write a list here"),
        ({"requiresCompatibilities": [True]}, "write one of the Compatibility values here"),
    ],
)
def test_every_wrong_type_finding_has_a_fix_line(
    members: dict[str, Any], fix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _validate(tmp_path, capsys, {**fargate_taskdef(), **members})
    assert _wrong_type_hints(rows) == [fix]
    path = tmp_path / "td.json"
    main(["validate", str(path)])
    out = capsys.readouterr().out
    wrong = [i for i, line in enumerate(out.splitlines()) if "[schema-wrong-type]" in line]
    assert wrong
    assert all(out.splitlines()[i + 1].startswith("    fix: ") for i in wrong)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_MEMBERS = ["cpu", "memory", "family", "containerDefinitions", "volumes", "tags", "networkMode", "pidMode"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    member=st.sampled_from(_MEMBERS),
    value=_JSON,
    container_member=st.sampled_from(["portMappings", "cpu", "essential", "environment"]),
    inner=_JSON,
)
def test_any_wrong_type_gets_a_specific_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *, member: str, value: Any, container_member: str, inner: Any
) -> None:
    document = fargate_taskdef()
    document["containerDefinitions"][0][container_member] = inner
    document[member] = value
    generic = CATALOG["schema-wrong-type"].fix
    for hint in _wrong_type_hints(_validate(tmp_path, capsys, document)):
        assert hint
        assert hint != generic
