"""Every real document of the shared corpus parses and round-trips losslessly, or is pinned as a real defect.

A pinned defect names the exact (path, kind) of every problem the codec reports and why the document is wrong,
so a change of verdict on any corpus document fails here and is looked at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecskit.codec import from_api, from_json, read_task_definition, to_api, to_json
from ecskit.codec.taskdefs import read_description, read_only_members
from ecskit.errors import ConversionError
from ecskit.models.ecr import PutRegistryScanningConfigurationRequest, RegistryScanningRule
from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest
from ecskit.models.iam import PolicyDocument, Statement
from ecskit.models.lifecycle import LifecyclePolicy
from tests.support.corpus import REGISTRY_KINDS, REGISTRY_MODELS, corpus_files, corpus_notes, registry_input

_FRAGMENT = {("family", "missing-key")}
#: file stem -> (the problems the codec must report, why the document is defective)
TASKDEF_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "015": (
        {("containerDefinitions[1].portMappings", "wrong-type")},
        "portMappings is written as one object; the API takes a list of PortMapping",
    ),
    "019": (
        {("containerDefinitions[1].logConfiguration.secretOptions", "wrong-type")},
        "secretOptions is written as one object; the API takes a list of Secret",
    ),
    "075": (
        {("containerDefinitions[0].inferenceDevices", "unknown-key")},
        "inferenceDevices is no ContainerDefinition member (accelerators are resourceRequirements)",
    ),
    "113": (
        {("networkMode", "bad-value"), ("requiresCompatibilities[0]", "bad-value")},
        "unfilled template placeholders ({{networkmode}}, {{launchtype}}) where the API takes an enum value",
    ),
    "122": (
        {("networkMode", "bad-value")},
        "'default' is not a NetworkMode value; omit networkMode for the platform default",
    ),
    **dict.fromkeys(
        ("158", "159", "160", "161", "162", "167"),
        (_FRAGMENT, "a fragment from the developer guide without the required family"),
    ),
}
SERVICE_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "020": ({("serviceName", "missing-key")}, "the name is given on the command line, not in the file"),
    "022": ({("serviceName", "missing-key")}, "the name is given on the command line, not in the file"),
    "033": ({("platformFamily", "unknown-key")}, "platformFamily is describe-services output, not CreateService input"),
}
_COUNT_NUMBER = {("rules[0].selection.countNumber", "not-json")}
#: Lifecycle policies the codec refuses. Two more are wrong (001 and 034: a tagged rule with neither tagPrefixList
#: nor tagPatternList) but read: PutLifecyclePolicy's own check refuses them, pinned in test_verdicts.py.
LIFECYCLE_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "021": (
        {("rules[0].rulePriority", "not-json")},
        'the user guide\'s syntax sketch: type names and alternatives (integer, "tagged"|"untagged") stand '
        "where values belong",
    ),
    "025": (_COUNT_NUMBER, "a Terraform template_file: ${max_untagged_image_count} is unquoted where a number belongs"),
    "029": (_COUNT_NUMBER, "a Terraform template_file: ${max_number_of_prod_images} is unquoted where numbers belong"),
    "033": (_COUNT_NUMBER, "a Terraform heredoc: ${var.max_untagged_image_count} is unquoted where a number belongs"),
    "036": (_COUNT_NUMBER, "a bash heredoc: ${max_age_days} is unquoted where a number belongs"),
    "048": (_COUNT_NUMBER, "a Terraform heredoc: ${var.max_images_retained} is unquoted where a number belongs"),
}
_LAMBDA_STATEMENT = {"Sid", "Effect", "Principal", "Action"}
REPOSITORY_POLICY_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "010": (
        {(key, "unknown-key") for key in _LAMBDA_STATEMENT} | {("Statement", "missing-key")},
        "one statement from the Lambda guide, shown without the Version and Statement of a policy document",
    ),
    "022": (
        {("Statement[1].Principal.AWS", "not-json")},
        "a Terraform template: ${allowed_account_arns} is unquoted where the list of principals belongs",
    ),
}
_CLOUDFORMATION_REPLICATION = {("Rules", "unknown-key"), ("rules", "missing-key")}
REGISTRY_DEFECTS: dict[str, tuple[set[tuple[str, str]], str]] = {
    "008": (
        {(key, "unknown-key") for key in (*_LAMBDA_STATEMENT, "Resource")} | {("Statement", "missing-key")},
        "one registry-policy statement from the pull through cache guide, without Version and Statement around it",
    ),
    "013": (
        _CLOUDFORMATION_REPLICATION,
        "CloudFormation's AWS::ECR::ReplicationConfiguration value: PascalCase Rules, Destinations, Region and "
        "RegistryId where PutReplicationConfiguration takes camelCase",
    ),
    "014": (
        _CLOUDFORMATION_REPLICATION,
        "a CloudFormation handler's 'invalid' input in the AWS::ECR::ReplicationConfiguration shape (PascalCase), "
        "whose region us-unkown-1 does not exist either",
    ),
    "016": (
        {
            ("EcrRepositoryPrefix", "unknown-key"),
            ("UpstreamRegistryUrl", "unknown-key"),
            ("ecrRepositoryPrefix", "missing-key"),
            ("upstreamRegistryUrl", "missing-key"),
        },
        "CloudFormation's AWS::ECR::PullThroughCacheRule properties: PascalCase where CreatePullThroughCacheRule "
        "takes ecrRepositoryPrefix and upstreamRegistryUrl",
    ),
}
#: Defects by corpus folder, for the checks that span folders.
DEFECTS = {
    "taskdefs": TASKDEF_DEFECTS,
    "services": SERVICE_DEFECTS,
    "ecr-lifecycle": LIFECYCLE_DEFECTS,
    "ecr-repository-policies": REPOSITORY_POLICY_DEFECTS,
    "ecr-registry": REGISTRY_DEFECTS,
}


def _without_nulls(value: Any) -> Any:
    """The document as the API reads it: a null member is an absent member."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _problems(exc: ConversionError) -> set[tuple[str, str]]:
    return {(e.path, e.code) for e in exc.errors}


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _refused(info: pytest.ExceptionInfo[ConversionError], expected: tuple[set[tuple[str, str]], str]) -> None:
    """The codec refused the document with exactly the pinned problems, each with a message that says what is wrong."""
    problems, why = expected
    assert _problems(info.value) == problems, why
    for error in info.value.errors:
        assert error.message, why
        assert error.path in str(info.value), why


def _camel_keys(value: Any) -> Any:
    """A CloudFormation-shaped value with the API's names: every key with its first letter in lower case."""
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel_keys(v) for v in value]
    return value


def _keys(value: Any) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _round_trips(data: Any, cls: type[Any]) -> Any:
    """Read ``data`` as ``cls``; it must come back unchanged (nulls aside) through the API form and JSON."""
    model = from_api(data, cls)
    clean = _without_nulls(data)
    assert to_api(model) == clean
    assert json.loads(to_json(model)) == clean
    assert from_json(json.dumps(data), cls) == model
    return model


def _lone_statement(data: Any) -> None:
    """A statement given without its policy reads as a Statement, and as a policy once wrapped as the hint says."""
    statement = _round_trips(data, Statement)
    policy = _round_trips({"Statement": [data]}, PolicyDocument)
    assert policy.statements == (statement,)


TASKDEFS = corpus_files("taskdefs")
SERVICES = corpus_files("services")
LIFECYCLE = corpus_files("ecr-lifecycle")
REPOSITORY_POLICIES = corpus_files("ecr-repository-policies")
REGISTRY = corpus_files("ecr-registry")


def test_corpus_is_complete() -> None:
    assert len(TASKDEFS) > 100
    assert SERVICES
    assert LIFECYCLE
    assert REPOSITORY_POLICIES
    assert REGISTRY
    assert set(REGISTRY_KINDS) == {p.stem for p in REGISTRY}, "every registry document has a kind"
    for kind, defects in DEFECTS.items():
        assert set(defects) <= {p.stem for p in corpus_files(kind)}, kind


@pytest.mark.parametrize("kind", ["ecr-lifecycle", "ecr-repository-policies", "ecr-registry"])
def test_not_json_documents_are_the_ones_the_manifest_names(kind: str) -> None:
    """The manifest says which documents are not JSON (templates, a syntax sketch); exactly those are pinned so."""
    said = {stem for stem, notes in corpus_notes(kind).items() if "not valid JSON" in notes}
    pinned = {stem for stem, (problems, _) in DEFECTS[kind].items() if any(c == "not-json" for _, c in problems)}
    assert pinned == said


@pytest.mark.parametrize("path", TASKDEFS, ids=_ids(TASKDEFS))
def test_task_definition(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    expected = TASKDEF_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            read_task_definition(data)
        assert _problems(info.value) == expected[0], expected[1]
        return
    clean = _without_nulls(data)
    if read_only_members() & data.keys():
        # describe output: the whole description round-trips, and yields register input without the read-only part
        described = read_description(data)
        wire = json.loads(to_json(described))  # {"taskDefinition": {...}, "tags": [...]}
        assert {**wire["taskDefinition"], **({"tags": wire["tags"]} if "tags" in wire else {})} == clean
        request = read_task_definition(data)
        register = to_api(request)
        assert not register.keys() & read_only_members()
        assert register == {k: v for k, v in clean.items() if k not in read_only_members()}
    else:
        model = from_api(data, RegisterTaskDefinitionRequest)
        assert to_api(model) == clean
        assert json.loads(to_json(model)) == clean
        assert from_json(text, RegisterTaskDefinitionRequest) == model


@pytest.mark.parametrize("path", SERVICES, ids=_ids(SERVICES))
def test_service(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = SERVICE_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            from_api(data, CreateServiceRequest)
        assert _problems(info.value) == expected[0], expected[1]
        if expected[0] == {("serviceName", "missing-key")}:  # with the name it was given on the command line
            named = {**data, "serviceName": "from-the-command-line"}
            assert to_api(from_api(named, CreateServiceRequest)) == _without_nulls(named)
        return
    model = from_api(data, CreateServiceRequest)
    assert to_api(model) == _without_nulls(data)


@pytest.mark.parametrize("path", LIFECYCLE, ids=_ids(LIFECYCLE))
def test_lifecycle_policy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = LIFECYCLE_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            from_json(text, LifecyclePolicy)
        _refused(info, expected)
        return
    model = _round_trips(json.loads(text), LifecyclePolicy)
    assert model.rules
    assert from_json(text, LifecyclePolicy) == model


@pytest.mark.parametrize("path", REPOSITORY_POLICIES, ids=_ids(REPOSITORY_POLICIES))
def test_repository_policy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = REPOSITORY_POLICY_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            from_json(text, PolicyDocument)
        _refused(info, expected)
        if ("Statement", "missing-key") in expected[0]:
            _lone_statement(json.loads(text))
        return
    model = _round_trips(json.loads(text), PolicyDocument)
    assert model.statements
    assert from_json(text, PolicyDocument) == model


@pytest.mark.parametrize("path", REGISTRY, ids=_ids(REGISTRY))
def test_registry_document(path: Path) -> None:
    kind = REGISTRY_KINDS[path.stem]
    cls = REGISTRY_MODELS[kind]
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = REGISTRY_DEFECTS.get(path.stem)
    if expected is not None:
        with pytest.raises(ConversionError) as info:
            from_api(registry_input(kind, data), cls)
        _refused(info, expected)
        if ("Statement", "missing-key") in expected[0]:
            _lone_statement(data)
        elif any(k[:1].isupper() for k in data):  # CloudFormation's PascalCase: the hints name every key to rename
            hints = " ".join(e.hint or "" for e in info.value.errors if e.code == "unknown-key")
            for key in _keys(data):
                api = key[:1].lower() + key[1:]
                assert f"{key!r} -> {api!r}" in hints or f"did you mean {api!r}?" in hints, key
            _round_trips(_camel_keys(data), cls)  # and with the API's names, it reads
        return
    model = _round_trips(registry_input(kind, data), cls)
    if kind == "scanning-rules":  # the bare list, read as the request itself, is refused with a pointer to 'rules'
        assert isinstance(model, PutRegistryScanningConfigurationRequest)
        assert model.rules
        assert all(isinstance(r, RegistryScanningRule) for r in model.rules)
        with pytest.raises(ConversionError) as info:
            from_api(data, cls)
        assert [(e.path, e.code, e.hint) for e in info.value.errors] == [
            ("", "wrong-type", "the list belongs in 'rules': give {\"rules\": [ ... ]}")
        ]
