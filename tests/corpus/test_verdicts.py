"""The validator's verdict on every real corpus document, pinned with the reason it is right.

Each entry: (error rule ids, warning rule ids, why). A document not listed must get no finding at all. Every
error listed is a real defect of its document; a change of verdict anywhere fails here and gets looked at.

Task definitions, services and lifecycle policies are checked as ``ecskit validate`` checks them. ECR repository
policies and registry documents have no validator yet: their verdict is whether they read (the ``schema-*``
findings of the shape they are read as), and :data:`UNCHECKED` pins the ones that read although they are wrong,
with what a validator should say about them. Text that is not JSON gets the codec's ``not-json`` problem as a
``schema-wrong-type`` finding, as :func:`ecskit.validation.schema_findings` reports it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecskit.cli import check_document
from ecskit.codec import from_json
from ecskit.errors import ConversionError
from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest
from ecskit.models.iam import PolicyDocument
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.validation import Config, Report, schema_findings
from ecskit.validation.api import read_or_findings
from tests.support.corpus import KINDS as FOLDERS
from tests.support.corpus import REGISTRY_KINDS, REGISTRY_MODELS, corpus_files, corpus_key, registry_input

_NO_EXEC_ROLE = "a FARGATE task using awslogs without an execution role: RegisterTaskDefinition rejects it"
_HOST_ROOT = "host network mode with containers running as root (AWS advises against it)"
_LOOKS_FARGATE = "awsvpc with a valid Fargate size but FARGATE not declared: ECS will not validate it for Fargate"
_FRAGMENT = "a developer-guide fragment without the required family"
_NOT_JSON = ["schema-wrong-type"]
_TEMPLATE = "a template whose unquoted ${placeholder} makes it no JSON until it is filled in"
_TAGGED_NO_FILTER = (
    "a tagged rule without tagPrefixList/tagPatternList; ECR: 'Must specify tagPrefixList or tagPatternList'"
)
_LONE_STATEMENT = "one statement without the Version/Statement of a policy document: unknown keys, no Statement"
_CLOUDFORMATION = "CloudFormation's PascalCase shape, not the API's camelCase one: unknown keys, missing keys"

VERDICTS: dict[str, tuple[list[str], list[str], str]] = {
    "ecr-lifecycle/001.json": (["lifecycle-tagged-needs-filter"], [], _TAGGED_NO_FILTER),
    "ecr-lifecycle/021.json": (_NOT_JSON, [], "the user guide's syntax sketch (type names where values belong)"),
    "ecr-lifecycle/025.json": (_NOT_JSON, [], _TEMPLATE),
    "ecr-lifecycle/029.json": (_NOT_JSON, [], _TEMPLATE),
    "ecr-lifecycle/033.json": (_NOT_JSON, [], _TEMPLATE),
    "ecr-lifecycle/034.json": (["lifecycle-tagged-needs-filter"], [], _TAGGED_NO_FILTER),
    "ecr-lifecycle/036.json": (_NOT_JSON, [], _TEMPLATE),
    "ecr-lifecycle/048.json": (_NOT_JSON, [], _TEMPLATE),
    "ecr-registry/008.json": (["schema-missing-key", "schema-unknown-key"], [], _LONE_STATEMENT),
    "ecr-registry/013.json": (["schema-missing-key", "schema-unknown-key"], [], _CLOUDFORMATION),
    "ecr-registry/014.json": (
        ["schema-missing-key", "schema-unknown-key"],
        [],
        _CLOUDFORMATION + "; its region us-unkown-1 (a handler's invalid input) is not checked by any rule yet",
    ),
    "ecr-registry/016.json": (["schema-missing-key", "schema-unknown-key"], [], _CLOUDFORMATION),
    "ecr-repository-policies/010.json": (["schema-missing-key", "schema-unknown-key"], [], _LONE_STATEMENT),
    "ecr-repository-policies/022.json": (_NOT_JSON, [], _TEMPLATE),
    "services/020.json": (["schema-missing-key"], [], "no serviceName (given on the command line)"),
    "services/022.json": (["schema-missing-key"], [], "no serviceName (given on the command line)"),
    "services/025.json": (
        ["svc-awsvpc-id-format", "svc-name-format", "svc-taskdef-format"],
        [],
        "CloudFormation export names ('stack:Output') where a name, a task definition and subnet ids belong",
    ),
    "services/030.json": (["svc-awsvpc-id-format"], [], "subnet-EXAMPLE / sg-EXAMPLE are not ids"),
    "services/032.json": (
        ["placement-strategy-field", "svc-name-format", "tag-service"],
        [],
        "an all-empty skeleton: empty service name, empty binpack field, empty tag key",
    ),
    "services/033.json": (["schema-unknown-key"], [], "platformFamily is describe-services output, not input"),
    "taskdefs/008.json": (
        ["td-role-arn-format"],
        ["fargate-validated-only-if-declared"],
        "role ARNs with an 11-digit account id (account ids have 12)",
    ),
    "taskdefs/015.json": (["schema-wrong-type"], [], "portMappings written as an object, not a list"),
    "taskdefs/019.json": (["schema-wrong-type"], [], "secretOptions written as an object, not a list"),
    "taskdefs/021.json": ([], ["td-host-mode-root"], _HOST_ROOT),
    "taskdefs/022.json": ([], ["td-host-mode-root"], _HOST_ROOT),
    "taskdefs/023.json": ([], ["fargate-validated-only-if-declared"], _LOOKS_FARGATE),
    "taskdefs/024.json": (["iam-exec-when-required"], [], _NO_EXEC_ROLE),
    "taskdefs/025.json": ([], ["fargate-validated-only-if-declared"], _LOOKS_FARGATE),
    "taskdefs/026.json": (["iam-exec-when-required"], [], _NO_EXEC_ROLE),
    "taskdefs/027.json": (
        ["port-awsvpc-host-eq-container"],
        ["fargate-validated-only-if-declared"],
        "awsvpc with hostPort 80 != containerPort 5601: 'host ports and container ports ... must match'",
    ),
    "taskdefs/028.json": (["iam-exec-when-required"], [], _NO_EXEC_ROLE),
    "taskdefs/030.json": (["iam-exec-when-required"], [], _NO_EXEC_ROLE),
    "taskdefs/031.json": (
        ["port-awsvpc-host-eq-container"],
        [],
        "awsvpc with hostPort 80 != containerPort 8080: 'host ports and container ports ... must match'",
    ),
    "taskdefs/032.json": (["iam-exec-when-required"], [], _NO_EXEC_ROLE),
    "taskdefs/033.json": ([], ["fargate-validated-only-if-declared"], _LOOKS_FARGATE),
    "taskdefs/034.json": (["iam-exec-when-required"], [], _NO_EXEC_ROLE),
    "taskdefs/052.json": ([], ["td-host-mode-root"], _HOST_ROOT),
    "taskdefs/053.json": ([], ["container-privileged"], "the App Mesh container runs privileged"),
    "taskdefs/056.json": ([], ["hc-command-prefix"], "a health check command without CMD / CMD-SHELL"),
    "taskdefs/075.json": (["schema-unknown-key"], [], "inferenceDevices is no ContainerDefinition member"),
    "taskdefs/077.json": ([], ["td-host-mode-root"], _HOST_ROOT),
    "taskdefs/104.json": (
        ["port-dynamic-bridge-only"],
        ["fargate-validated-only-if-declared"],
        "hostPort 0 (dynamic) in awsvpc mode, where dynamic ports do not exist",
    ),
    "taskdefs/105.json": ([], ["fargate-validated-only-if-declared"], _LOOKS_FARGATE),
    "taskdefs/113.json": (["schema-bad-value"], [], "unfilled {{placeholders}} where enum values belong"),
    "taskdefs/121.json": ([], ["hc-command-prefix"], "a health check command without CMD / CMD-SHELL"),
    "taskdefs/122.json": (["schema-bad-value"], [], "networkMode 'default' is not an API value"),
    "taskdefs/138.json": (
        ["container-links-target", "td-ephemeral-storage"],
        ["container-privileged", "linux-capabilities-privileged"],
        "a validator's fail-example: links to a missing container, 11 GiB ephemeral storage (21-200)",
    ),
    "taskdefs/146.json": (
        ["log-awslogs-option-values"],
        [],
        "awslogs-region is the docs' word 'aws-region', not a Region: the log driver cannot deliver",
    ),
    "taskdefs/149.json": ([], ["td-host-mode-root"], _HOST_ROOT),
    "taskdefs/156.json": (
        ["td-container-memory-required"],
        [],
        "a developer-guide fragment with no memory at task or container level",
    ),
    "taskdefs/158.json": (["schema-missing-key"], [], _FRAGMENT),
    "taskdefs/159.json": (["schema-missing-key"], [], _FRAGMENT),
    "taskdefs/160.json": (["schema-missing-key"], [], _FRAGMENT),
    "taskdefs/161.json": (["schema-missing-key"], [], _FRAGMENT),
    "taskdefs/162.json": (["schema-missing-key"], [], _FRAGMENT),
    "taskdefs/163.json": (
        [
            "container-image-required",
            "container-links-bridge-only",
            "container-name-format",
            "container-volumes-from-source",
            "dep-target-exists",
            "env-files-exec-role-required",
            "env-files-value-format",
            "hc-command-empty",
            "hc-interval",
            "hc-retries",
            "hc-timeout",
            "linux-capability-names",
            "linux-tmpfs",
            "log-firelens-needs-user",
            "log-splunk-required",
            "net-windows-ec2",
            "placement-expression-taskdef",
            "port-container-port-required",
            "port-none-mode-no-ports",
            "secret-exec-role-required",
            "secret-repo-creds",
            "secret-valuefrom-format",
            "td-cpu-value",
            "td-ephemeral-storage",
            "td-family-format",
            "td-inference-accelerator",
            "td-ipc-mode",
            "td-memory-value",
            "td-pid-mode",
            "td-role-arn-format",
            "vol-efs-ids",
            "vol-efs-platform",
            "vol-efs-transit-encryption",
            "vol-fsx-credentials",
            "vol-name-format",
            "vol-single-type",
        ],
        [
            "container-security-options-format",
            "container-windows-unsupported",
            "linux-capabilities-privileged",
            "linux-not-windows",
            "td-ephemeral-storage-ignored",
            "td-windows-task-size-ignored",
            "vol-efs-iam-task-role",
        ],
        "the CLI's generated skeleton: every string empty, every number 0, every feature at once",
    ),
    "taskdefs/166.json": (
        ["vol-fsx-credentials", "vol-mount-source-exists"],
        [],
        "mounts 'fsx-windows-dir' but the volume is 'fsx-windows-vol'; credentialsParameter 'arn:arn-1234'",
    ),
    "taskdefs/167.json": (["schema-missing-key"], [], _FRAGMENT),
}

#: Documents that read and get no finding although they are wrong, because no rule looks at them yet: what a
#: validator of ECR resource policies and registry settings should report. Move an entry to VERDICTS when one does.
UNCHECKED: dict[str, str] = {
    "ecr-registry/004.json": "the guide's skeleton: region 'destination_region' and registryId "
    "'destination_accountId' are placeholders, not a Region and a 12-digit account id",
    "ecr-registry/005.json": "placeholders source_account_id / your_account_id where ARNs need 12-digit account ids",
    "ecr-registry/006.json": "two statements share the Sid 'ReplicationAccessCrossAccount' (Sids are unique within "
    "a policy), and placeholder account ids",
    "ecr-registry/007.json": "placeholders source_account_id / your_account_id where ARNs need 12-digit account ids",
    "ecr-registry/010.json": "placeholder '{account id}' in the principal's ARN",
    "ecr-registry/011.json": "the principal arn:aws:iam::111111:root has a 6-digit account id (ids have 12 digits)",
    "ecr-repository-policies/006.json": "the action ecr-public:* belongs to ECR Public: a private repository "
    "policy grants ecr: actions",
    "ecr-repository-policies/015.json": "a scanner's 'fail' fixture: Principal '*' may push, delete images and "
    "set the repository policy (public write access; ECR accepts it)",
}

#: The CLI's kind for the folders ``ecskit validate`` checks.
CLI_KINDS = {"taskdefs": "taskdef", "services": "service", "ecr-lifecycle": "lifecycle-policy"}
#: The shape each folder's documents are read as (ecr-registry: per document, see REGISTRY_KINDS).
MODELS: dict[str, type[Any]] = {
    "taskdefs": RegisterTaskDefinitionRequest,
    "services": CreateServiceRequest,
    "ecr-lifecycle": LifecyclePolicy,
    "ecr-repository-policies": PolicyDocument,
}
FILES = [p for folder in FOLDERS for p in corpus_files(folder)]


def _check(path: Path) -> Report:
    """Every finding on one corpus document."""
    folder = path.parent.name
    kind = REGISTRY_KINDS[path.stem] if folder == "ecr-registry" else None
    cls = REGISTRY_MODELS[kind] if kind is not None else MODELS[folder]
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except ValueError:
        try:
            from_json(text, cls)
        except ConversionError as exc:
            return schema_findings(exc)
        raise AssertionError(f"{path}: the codec read text that json.loads refused") from None
    if folder in CLI_KINDS:
        return check_document(data, CLI_KINDS[folder], Config(), None)
    read = read_or_findings(registry_input(kind, data) if kind is not None else data, cls)
    return read if isinstance(read, Report) else Report()


@pytest.mark.parametrize("path", FILES, ids=[corpus_key(p) for p in FILES])
def test_verdict(path: Path) -> None:
    report = _check(path)
    key = corpus_key(path)
    errors, warnings, why = VERDICTS.get(key, ([], [], UNCHECKED.get(key, "clean")))
    assert sorted({f.rule for f in report.errors}) == errors, why
    assert sorted({f.rule for f in report.warnings}) == warnings, why


def test_every_pinned_file_exists() -> None:
    keys = {corpus_key(p) for p in FILES}
    assert set(VERDICTS) <= keys
    assert set(UNCHECKED) <= keys
    assert not set(VERDICTS) & set(UNCHECKED)
