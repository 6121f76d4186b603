"""The CLI as a new user meets it: ``--version``, files saved by other editors (a UTF-8 byte order mark, UTF-16),
YAML named as unsupported, and ``diff`` of documents of two kinds or of one document twice."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest

import ecskit
from ecskit import cli
from ecskit.cli import main
from tests.support.rulecases import ec2_service, fargate_taskdef

YAML_ADVICE = "YAML is not supported; convert to JSON"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"ecskit {importlib.metadata.version('ecskit')}\n"


def test_version_falls_back_to_the_module_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert cli.version() == ecskit.__version__


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_byte_order_marks_and_utf16_are_read(encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "td.json"
    path.write_bytes(json.dumps(fargate_taskdef(cpu="512", memory="512")).encode(encoding))
    code, out, err = _run(capsys, "validate", "--format", "json", str(path))
    assert (code, err) == (1, "")
    assert {row["rule"] for row in json.loads(out)} == {"fargate-cpu-memory"}


def test_utf16_that_cannot_be_decoded_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "td.json"
    path.write_bytes('{"family": "f"}'.encode("utf-16")[:-1])  # breaks off mid-character
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 2
    assert err == f"ecskit: {path}: not JSON: the file is UTF-16 (or UTF-32) and cannot be decoded; save it as UTF-8\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("td.yaml", '{"family": "f"}'),  # by its name, whatever it holds
        ("td.YML", "family: f\n"),
        ("td.json", "# exported\nfamily: f\ncontainerDefinitions:\n  - name: app\n"),
        ("td.json", "---\nfamily: f\n"),
        ("td.json", "\ufefffamily: f\n"),
    ],
)
def test_yaml_is_named_as_unsupported(name: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "validate", str(path))
    assert code == 2
    assert err == f"ecskit: {path}: {YAML_ADVICE}\n"
    assert out == "0 errors, 0 warnings in 1 file; 1 unreadable\n"
    code, out, err = _run(capsys, "diff", "--format", "json", str(path), str(path))
    assert code == 2
    assert json.loads(out) == {"error": f"{path}: {YAML_ADVICE}"}


@pytest.mark.parametrize("text", ["{not json", "family = f\n", '"family": "f"'])
def test_broken_json_is_not_called_yaml(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "td.json"
    path.write_text(text, encoding="utf-8")
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 2
    assert "not JSON" in err
    assert "YAML" not in err


def _write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_diff_of_two_kinds_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    td, service = _write(tmp_path, "td.json", fargate_taskdef()), _write(tmp_path, "svc.json", ec2_service())
    code, out, err = _run(capsys, "diff", td, service)
    assert (code, out) == (2, "")
    assert (
        err
        == f"ecskit: {td} is a task definition and {service} is a service: diff compares two documents of one kind\n"
    )
    policy = _write(tmp_path, "policy.json", {"rules": []})
    code, out, err = _run(capsys, "diff", "--format", "json", policy, td)
    assert code == 2
    assert json.loads(out)["error"].endswith(
        "is a lifecycle policy and " + td + " is a task definition: diff compares two documents of one kind"
    )


def test_diff_of_one_document_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    td = _write(tmp_path, "td.json", fargate_taskdef())
    for form in ("text", "unified"):
        assert _run(capsys, "diff", "--format", form, td, td) == (0, "no differences\n", "")
    code, out, _ = _run(capsys, "diff", "--format", "json", td, td)
    assert code == 0
    assert json.loads(out)["changes"] == []
