"""The validator's verdict on every real corpus document, pinned with the reason it is right.

Each entry: (error rule ids, warning rule ids, why). A document not listed must get no finding at all. Every
error listed is a real defect of its document; a change of verdict anywhere fails here and gets looked at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecskit.cli import check_document
from ecskit.validation import Config
from tests.support.corpus import corpus_dir, corpus_files

_NO_EXEC_ROLE = "a FARGATE task using awslogs without an execution role: RegisterTaskDefinition rejects it"
_HOST_ROOT = "host network mode with containers running as root (AWS advises against it)"
_LOOKS_FARGATE = "awsvpc with a valid Fargate size but FARGATE not declared: ECS will not validate it for Fargate"
_FRAGMENT = "a developer-guide fragment without the required family"

VERDICTS: dict[str, tuple[list[str], list[str], str]] = {
    "ecr-lifecycle/001.json": (
        ["lifecycle-tagged-needs-filter"],
        [],
        "a tagged rule without tagPrefixList/tagPatternList; ECR: 'Must specify tagPrefixList or tagPatternList'",
    ),
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

KINDS = {"taskdefs": "taskdef", "services": "service", "ecr-lifecycle": "lifecycle-policy"}
FILES = [p for kind in KINDS for p in corpus_files(kind)]


def _key(path: Path) -> str:
    return path.relative_to(corpus_dir()).as_posix()


@pytest.mark.parametrize("path", FILES, ids=[_key(p) for p in FILES])
def test_verdict(path: Path) -> None:
    report = check_document(json.loads(path.read_text(encoding="utf-8")), KINDS[path.parent.name], Config(), None)
    errors, warnings, why = VERDICTS.get(_key(path), ([], [], "clean"))
    assert sorted({f.rule for f in report.errors}) == errors, why
    assert sorted({f.rule for f in report.warnings}) == warnings, why


def test_every_pinned_file_exists() -> None:
    assert set(VERDICTS) <= {_key(p) for p in FILES}
