"""When AWS enforces each rule (its phase), what a finding carries about it, merged launch rules and their aliases,
and catalogs of one's own."""

from __future__ import annotations

import collections
import json
import warnings

import pytest

from ecskit.codec import from_api
from ecskit.errors import UsageError
from ecskit.models.ecs import (
    ContainerDefinition,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    TaskStopCode,
)
from ecskit.validation import (
    CATALOG,
    Catalog,
    Config,
    Effect,
    Hit,
    Kind,
    Outcome,
    Phase,
    Rule,
    Severity,
    validate_run_task,
    validate_service,
    validate_task_definition,
)
from ecskit.validation.context import TaskDefContext
from ecskit.validation.rules._common import RuleTexts
from tests.support.cases.run_task import ec2_run_task, fargate_run_task
from tests.support.rulecases import container, ec2_service, ec2_taskdef, fargate_service, fargate_taskdef, run

#: The error codes api rules may name: the services' own (ECS, ECR), and the SDK's check of the parameters.
KNOWN_CODES = {
    "ClientException",
    "InvalidParameterException",
    "PlatformTaskDefinitionIncompatibilityException",
    "PlatformUnknownException",
    "ParamValidationError",
}


def test_every_rule_states_when_aws_enforces_it() -> None:
    counts = collections.Counter(r.phase for r in CATALOG.values())
    print({p.value: n for p, n in counts.items()})
    for r in CATALOG.values():
        assert isinstance(r.phase, Phase), r.id
        if r.phase is Phase.API:
            assert r.aws_code in KNOWN_CODES, (r.id, r.aws_code)
            assert r.effect is None, r.id
            assert r.doubt is None, r.id
        elif r.phase is Phase.RUNTIME:
            assert r.effect is not None, r.id
            assert r.aws_code is None, r.id
        else:
            # advice never blocks: the built-in ones report as warnings or info
            assert r.severity is not Severity.ERROR, r.id
            assert r.effect is None, r.id
            assert r.aws_code is None, r.id
        if r.source is not None:
            assert r.source.startswith("https://"), r.id


def test_every_runtime_rule_says_how_the_task_fails() -> None:
    for r in CATALOG.values():
        if r.phase is not Phase.RUNTIME:
            continue
        effect = r.effect
        assert effect is not None
        if effect.outcome is Outcome.STOPPED:
            assert isinstance(effect.stop_code, TaskStopCode), r.id
            assert effect.stopped_reason, r.id
        elif effect.outcome is Outcome.NOT_PLACED:
            assert effect.failure_reason, r.id
            assert effect.service_event, r.id
        elif effect.outcome is Outcome.LAUNCH_REFUSED:
            assert effect.error_code in KNOWN_CODES, r.id
            assert effect.error_message, r.id
        else:
            assert effect.service_event, r.id


def test_aliases_name_retired_ids_only() -> None:
    for retired, current in CATALOG.aliases.items():
        assert retired not in CATALOG
        assert retired in CATALOG[current].aliases


def test_a_finding_carries_its_phase_and_what_aws_does() -> None:
    report = run("taskdef", fargate_taskdef(cpu="512", memory="512"))
    (finding,) = report.errors
    assert finding.phase is Phase.API
    assert finding.aws_code == "ClientException"
    assert finding.message == "No Fargate configuration exists for given values: 512 CPU, 512 memory."
    assert finding.effect is None
    assert finding.stop_code is None
    assert str(finding).startswith("error (api): memory: No Fargate configuration")
    row = finding.to_dict()
    assert row["phase"] == "api"
    assert row["aws_code"] == "ClientException"
    assert row["effect"] is None
    assert report.refusals == (finding,)


def test_a_runtime_finding_says_how_the_task_stops() -> None:
    # Docker refuses a soft limit above the hard one when it starts the container: AWS registers the task definition
    ulimit = {"name": "nofile", "softLimit": 2048, "hardLimit": 1024}
    report = run("taskdef", ec2_taskdef(container(ulimits=[ulimit])))
    (finding,) = report.errors
    assert finding.rule == "container-ulimit-soft-le-hard"
    assert finding.phase is Phase.RUNTIME
    assert finding.aws_code is None
    assert finding.stop_code is TaskStopCode.TASK_FAILED_TO_START
    assert finding.stopped_reason is not None
    assert finding.stopped_reason.startswith("CannotStartContainerError:")
    assert not report.refusals
    assert report.in_phase(Phase.RUNTIME) == (finding,)
    assert "on AWS: the task stops (TaskFailedToStart)" in str(finding)
    effect = json.loads(report.to_json())[0]["effect"]
    assert effect["outcome"] == "stopped"
    assert effect["stop_code"] == "TaskFailedToStart"


def test_one_launch_rule_checks_services_and_run_task_alike() -> None:
    td = from_api(fargate_taskdef(), RegisterTaskDefinitionRequest)
    service = validate_service(
        from_api(fargate_service(networkConfiguration=None), CreateServiceRequest), task_definition=td
    )
    task = validate_run_task(from_api(fargate_run_task(networkConfiguration=None), RunTaskRequest), task_definition=td)
    for report in (service, task):
        (finding,) = [f for f in report if f.rule == "launch-netcfg-required-awsvpc"]
        assert finding.path == "networkConfiguration"
        assert finding.message == "Network Configuration must be provided when networkMode 'awsvpc' is specified."
        assert finding.aws_code == "InvalidParameterException"


def test_launch_rule_paths_point_into_each_request() -> None:
    td = from_api(ec2_taskdef(), RegisterTaskDefinitionRequest)
    strategy = [{"type": "spread"}]
    service = validate_service(
        from_api(ec2_service(placementStrategy=strategy), CreateServiceRequest), task_definition=td
    )
    task = validate_run_task(from_api(ec2_run_task(placementStrategy=strategy), RunTaskRequest), task_definition=td)
    for report in (service, task):
        assert {f.path for f in report if f.rule == "placement-strategy-field"} == {"placementStrategy[0].field"}


@pytest.mark.parametrize(
    ("retired", "current"),
    [
        ("run-netcfg-required-awsvpc", "launch-netcfg-required-awsvpc"),
        ("svc-netcfg-required-awsvpc", "launch-netcfg-required-awsvpc"),
        ("placement-fargate-run-task", "placement-fargate"),
        ("svc-exec-command", "launch-exec-command"),
    ],
)
def test_a_retired_id_still_configures_the_merged_rule(retired: str, current: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"{retired!r} is retired.*{current!r}"):
        config = Config(disabled=frozenset({retired}))
    assert config.disabled == {current}
    with pytest.warns(DeprecationWarning, match=retired):
        downgraded = Config(severities={retired: Severity.WARNING})
    assert downgraded.severities == {current: Severity.WARNING}
    td = from_api(fargate_taskdef(), RegisterTaskDefinitionRequest)
    request = from_api(fargate_run_task(networkConfiguration=None), RunTaskRequest)
    report = validate_run_task(request, task_definition=td, config=config)
    assert current not in report.rule_ids()


def test_current_ids_do_not_warn_and_unknown_ids_fail() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Config(disabled=frozenset({"launch-netcfg-required-awsvpc"}))
    with pytest.raises(UsageError, match="no-such-rule"):
        Config(disabled=frozenset({"no-such-rule"}))


def _registry(ctx: TaskDefContext, c: ContainerDefinition, i: int) -> list[Hit] | None:
    if c.image is None or c.image.startswith("123456789012.dkr.ecr."):
        return None
    return [Hit(ctx.cpath(i, "image"), f"{c.image!r} is not in our ECR registry")]


def test_a_catalog_of_ones_own_adds_rules() -> None:
    ours = Catalog(CATALOG)
    ours.rule(
        "our-registry",
        Severity.ERROR,
        Kind.CONTAINER,
        phase=Phase.ADVICE,
        summary="Images come from our ECR registry.",
        why="House policy: only scanned images from our registry run.",
        fix="Push the image to 123456789012.dkr.ecr.us-east-1.amazonaws.com and use that.",
        docs="https://docs.aws.amazon.com/AmazonECR/latest/userguide/what-is-ecr.html",
    )(_registry)
    td = from_api(ec2_taskdef(), RegisterTaskDefinitionRequest)
    report = validate_task_definition(td, config=Config(catalog=ours))
    assert [(f.rule, f.phase, f.path) for f in report] == [
        ("our-registry", Phase.ADVICE, "containerDefinitions[0].image")
    ]
    assert not report.refusals  # AWS would accept it: an advice finding never refuses a call
    assert "our-registry" not in CATALOG
    assert not validate_task_definition(td).findings
    assert not validate_task_definition(td, config=Config(catalog=ours, disabled=frozenset({"our-registry"})))


def test_catalogs_refuse_inconsistent_rules() -> None:
    texts = RuleTexts(summary="s", why="w", fix="f", docs="https://docs.aws.amazon.com/")
    with pytest.raises(UsageError, match="aws_code"):
        Rule(id="x-api", severity=Severity.ERROR, kind=Kind.CONTAINER, phase=Phase.API, **texts)
    with pytest.raises(UsageError, match="effect"):
        Rule(id="x-runtime", severity=Severity.ERROR, kind=Kind.CONTAINER, phase=Phase.RUNTIME, **texts)
    with pytest.raises(UsageError, match="lenient"):
        Rule(
            id="x-doubt",
            severity=Severity.ERROR,
            kind=Kind.CONTAINER,
            phase=Phase.API,
            aws_code="ClientException",
            doubt="unverified",
            **texts,
        )
    with pytest.raises(UsageError, match="stop_code"):
        Effect(outcome=Outcome.STOPPED, stopped_reason="Task failed to start")
    ours = Catalog(CATALOG)
    with pytest.raises(UsageError, match="duplicate rule id 'td-family-format'"):
        ours.add(CATALOG["td-family-format"])
    clash = Rule(
        id="y", severity=Severity.WARNING, kind=Kind.LAUNCH, phase=Phase.ADVICE, aliases=("svc-exec-command",), **texts
    )
    with pytest.raises(UsageError, match="svc-exec-command"):
        ours.add(clash)
