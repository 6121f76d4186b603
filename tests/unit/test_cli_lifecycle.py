"""``ecskit lifecycle preview``: offline, no backend; what CI pipelines rely on (exit codes, JSON fields)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ecskit.cli import main
from tests.support.ecr_lifecycle import keep, older

REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
IMAGES = {
    "imageDetails": [
        {
            "registryId": "123456789012",
            "repositoryName": "app",
            "imageDigest": "sha256:aaa",
            "imageTags": ["v1"],
            "imagePushedAt": "2025-01-01T00:00:00Z",
        },
        {
            "registryId": "123456789012",
            "repositoryName": "app",
            "imageDigest": "sha256:bbb",
            "imageTags": ["v2"],
            "imagePushedAt": "2025-01-05T00:00:00Z",
        },
        {
            "registryId": "123456789012",
            "repositoryName": "app",
            "imageDigest": "sha256:ccc",
            "imagePushedAt": "2025-01-02T00:00:00Z",
        },
    ]
}
POLICY = {"rules": [keep(1, 1, tagPatternList=["v*"]), older(2, 7)]}
TASK_DEFINITION = {
    "taskDefinition": {
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "family": "web",
        "revision": 3,
        "status": "ACTIVE",
        "containerDefinitions": [{"name": "app", "image": f"{REGISTRY}/app:v1"}],
    }
}
SERVICES = {
    "services": [{"serviceName": "web", "taskDefinition": TASK_DEFINITION["taskDefinition"]["taskDefinitionArn"]}]
}


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _files(tmp_path: Path) -> tuple[str, str]:
    return _write(tmp_path, "policy.json", POLICY), _write(tmp_path, "images.json", IMAGES)


def test_preview_lists_what_goes_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, images = _files(tmp_path)
    code, out, _ = _run(capsys, "lifecycle", "preview", policy, "--images", images, "--now", "2025-02-01T00:00:00Z")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["EXPIRE", "rule", "1", "sha256:aaa", "v1", "pushed", "2025-01-01", "00:00"]
    assert lines[1].split()[:4] == ["EXPIRE", "rule", "2", "sha256:ccc"]
    assert lines[-1] == "2 of 3 images expire, 0 are archived, 1 kept"


def test_json_output_is_get_lifecycle_policy_preview_shaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, images = _files(tmp_path)
    code, out, _ = _run(
        capsys, "lifecycle", "preview", policy, "--images", images, "--now", "2025-02-01", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"expiringImageTotalCount": 2}
    assert data["previewResults"][0] == {
        "imageTags": ["v1"],
        "imageDigest": "sha256:aaa",
        "imagePushedAt": "2025-01-01T00:00:00Z",
        "action": {"type": "EXPIRE"},
        "appliedRulePriority": 1,
        "storageClass": "STANDARD",
    }
    assert data["findings"] == []


def test_an_expiring_image_in_use_is_loud_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, images = _files(tmp_path)
    service, taskdef = _write(tmp_path, "svc.json", SERVICES), _write(tmp_path, "td.json", TASK_DEFINITION)
    argv = ["lifecycle", "preview", policy, "--images", images, "--now", "2025-02-01", "--in-use", service, taskdef]
    code, out, _ = _run(capsys, *argv)
    assert code == 1
    assert "!!! IN USE: imageDetails[0]: rule 1 expires image sha256:aaa (v1), but service web" in out
    code, out, _ = _run(capsys, *argv, "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "lifecycle-in-use"
    assert finding["severity"] == "warning"
    assert finding["path"] == "imageDetails[0]"


def test_a_policy_ecr_refuses_prints_its_findings_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _write(tmp_path, "policy.json", {"rules": [older(1, 7), keep(2, 3, "untagged")]})
    images = _write(tmp_path, "images.json", IMAGES)
    code, out, _ = _run(capsys, "lifecycle", "preview", policy, "--images", images)
    assert code == 1
    assert "Only one rule can select Untagged images per storage class. [lifecycle-one-untagged]" in out


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"policy.json": "{not json", "images.json": IMAGES}, "policy.json: not JSON"),
        ({"policy.json": POLICY, "images.json": "[{"}, "images.json: not JSON"),
        ({"policy.json": POLICY, "images.json": {"imageDetails": [{"imageTags": ["v1"]}]}}, "imageDigest is required"),
        ({"policy.json": POLICY, "images.json": IMAGES, "td.json": {"hello": 1}}, "td.json: not a task definition"),
    ],
)
def test_unreadable_files_exit_2_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, Any], message: str
) -> None:
    paths = {name: _write(tmp_path, name, data) for name, data in files.items()}
    argv = ["lifecycle", "preview", paths["policy.json"], "--images", paths["images.json"]]
    if "td.json" in paths:
        argv += ["--in-use", paths["td.json"]]
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_a_bad_time_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy, images = _files(tmp_path)
    code, _, err = _run(capsys, "lifecycle", "preview", policy, "--images", images, "--now", "yesterday")
    assert code == 2
    assert "--now: not an ISO 8601 time" in err


def test_it_runs_as_a_module_without_any_backend(tmp_path: Path) -> None:
    """The command works offline: a fresh interpreter, and no backend module is imported."""
    policy, images = _files(tmp_path)
    probe = (
        "import sys; from ecskit.cli import main; "
        f"code = main(['lifecycle', 'preview', {policy!r}, '--images', {images!r}, '--now', '2025-02-01']); "
        "print(sorted(m for m in sys.modules if m.startswith('ecskit.backends.fake.') or m.startswith('boto3'))); "
        "sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
