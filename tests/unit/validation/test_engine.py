"""The rule engine: catalog integrity, configuration, reports."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest

from ecskit.errors import ValidationError
from ecskit.models.ecs import ContainerDefinition, CreateServiceRequest, RegisterTaskDefinitionRequest, RunTaskRequest
from ecskit.validation import CATALOG, Config, Kind, Severity, validate_task_definition
from tests.support.rulecases import fargate_taskdef, run

SUBJECTS: dict[Kind, tuple[type[Any], ...]] = {
    Kind.CONTAINER: (ContainerDefinition,),
    Kind.TASK_DEFINITION: (RegisterTaskDefinitionRequest,),
    Kind.SERVICE: (CreateServiceRequest,),
    Kind.RUN_TASK: (RunTaskRequest,),
    # launch rules see services and RunTask requests alike: their `when` must be a member of both
    Kind.LAUNCH: (CreateServiceRequest, RunTaskRequest),
}


def test_catalog_is_large_and_well_formed() -> None:
    checked = [r for r in CATALOG.values() if r.check is not None]
    print(f"{len(CATALOG)} rules, {len(checked)} with checks")
    assert len(CATALOG) >= 120
    for r in CATALOG.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", r.id), r.id
        assert r.summary
        assert r.why
        assert r.fix
        assert r.docs.startswith("https://docs.aws.amazon.com/"), r.id


def test_when_names_an_attribute_of_the_subject() -> None:
    for r in CATALOG.values():
        if r.when is not None:
            for subject in SUBJECTS[r.kind]:
                names = {a.name for a in attrs.fields(subject)}
                assert r.when in names, (r.id, r.when, subject.__name__)


def test_config_silences_and_downgrades() -> None:
    bad = fargate_taskdef(cpu="512", memory="512")
    assert "fargate-cpu-memory" in run("taskdef", bad).rule_ids()
    from ecskit.codec import from_api

    td = from_api(bad, RegisterTaskDefinitionRequest)
    assert not validate_task_definition(td, config=Config(disabled=frozenset({"fargate-cpu-memory"}))).findings
    report = validate_task_definition(td, config=Config(severities={"fargate-cpu-memory": Severity.WARNING}))
    assert report.ok
    assert [f.severity for f in report.warnings] == [Severity.WARNING]
    with pytest.raises(ValueError, match="no-such-rule"):
        Config(disabled=frozenset({"no-such-rule"}))


def test_report_raises_with_itself() -> None:
    report = run("taskdef", fargate_taskdef(cpu="512", memory="512"))
    with pytest.raises(ValidationError) as info:
        report.raise_for_errors()
    assert info.value.report is report
    assert "fargate-cpu-memory" in str(info.value)
    run("taskdef", fargate_taskdef()).raise_for_errors()


def test_templates_are_left_alone_unless_the_config_reads_them_as_text() -> None:
    """Users validate templates, so a placeholder is not a format error by default; the fake (and anyone asking
    what the API would say) reads it as the text it is: Config(templates=False)."""
    from ecskit.models.ecs import CreateClusterRequest
    from ecskit.validation import validate_cluster
    from ecskit.validation.engine import templates_left_alone

    request = CreateClusterRequest(cluster_name="web/${ENV}")
    assert validate_cluster(request).ok
    strict = validate_cluster(request, config=Config(templates=False))
    assert strict.rule_ids() == {"cluster-name"}
    assert strict.refusals[0].message == "clusterName 'web/${ENV}' must be 1-255 letters, digits, '_' or '-'"
    bad = fargate_taskdef(family="app-${STAGE}")
    assert "td-family-format" not in run("taskdef", bad).rule_ids()
    assert "td-family-format" in validate_task_definition(bad, config=Config(templates=False)).rule_ids()
    assert templates_left_alone()  # the reading is the run's only
