"""Every rule of the catalog has a failing and a passing example, and both behave."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from ecskit.validation import CATALOG
from tests.support import cases as cases_package
from tests.support.rulecases import (
    Case,
    ec2_service,
    ec2_taskdef,
    fargate_service,
    fargate_taskdef,
    run,
)


def _all_cases() -> list[Case]:
    found: list[Case] = []
    for info in pkgutil.iter_modules(cases_package.__path__):
        module = importlib.import_module(f"{cases_package.__name__}.{info.name}")
        found.extend(module.CASES)
    return found


CASES = _all_cases()


def _id(case: Case) -> str:
    return case.rule + (f"-{case.name}" if case.name else "")


def test_baselines_are_clean() -> None:
    assert not run("taskdef", ec2_taskdef()).findings
    assert not run("taskdef", fargate_taskdef()).findings
    assert not run("service", ec2_service(), taskdef=ec2_taskdef()).findings
    assert not run("service", fargate_service(), taskdef=fargate_taskdef()).findings


def test_every_rule_has_a_case() -> None:
    covered = {c.rule for c in CASES}
    missing = sorted(r for r in CATALOG if r not in covered and not r.startswith("schema-"))
    assert not missing, f"rules without a test case: {missing}"
    unknown = sorted(covered - set(CATALOG))
    assert not unknown, f"cases for rules that do not exist: {unknown}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_bad_example_triggers_the_rule(case: Case) -> None:
    report = run(case.kind, case.bad, case.taskdef, case.cluster)
    hits = [f for f in report if f.rule == case.rule]
    assert hits, f"{case.rule} did not fire; findings: {report.format()}"
    if case.path is not None:
        assert case.path in {f.path for f in hits}, [f.path for f in hits]
    for f in hits:
        assert f.message
        assert f.docs
        assert f.docs.startswith("https://docs.aws.amazon.com/")


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_good_example_does_not(case: Case) -> None:
    taskdef = case.good_taskdef if case.good_taskdef is not None else case.taskdef
    report = run(case.kind, case.good, taskdef, case.cluster)
    assert case.rule not in report.rule_ids(), report.format()
