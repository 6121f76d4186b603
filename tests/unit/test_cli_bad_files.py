"""The CLI on every kind of bad file: one line on stderr and exit code 2, never a traceback or a hang, and valid
JSON on stdout whenever ``--format json`` is given (also when a command stops early)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from ecskit.cli import main
from ecskit.codec import reading
from tests.support.hostile import hostile_text
from tests.support.rulecases import fargate_taskdef


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _unreadable(path: str, reason: str) -> dict[str, Any]:
    """The ``--format json`` row of a file that could not be read."""
    keys = ("phase", "hint", "docs", "aws_code", "effect")
    row: dict[str, Any] = {"file": path, "rule": "unreadable", "severity": "error", "path": "", "message": reason}
    return row | dict.fromkeys(keys)


def _text(content: str | bytes) -> Callable[[Path], str]:
    def make(tmp_path: Path) -> str:
        path = tmp_path / "bad.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return make


def _fifo(tmp_path: Path) -> str:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path = tmp_path / "fifo.json"
    os.mkfifo(path)  # no writer: opening it to read would wait forever
    return str(path)


def _device(_: Path) -> str:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this platform")
    return "/dev/zero"  # endless: reading it to the end ran out of memory


def _named_with_a_newline(tmp_path: Path) -> str:
    path = tmp_path / "bad\nname.json"
    path.write_text("{", encoding="utf-8")
    return str(path)


BAD_FILES: dict[str, tuple[Callable[[Path], str], str]] = {
    "deep lists": (_text("[" * 100_000 + "]" * 100_000), "nested too deeply"),
    "deep objects": (_text('{"family": ' * 50_000 + "1" + "}" * 50_000), "nested too deeply"),
    "5000 digits": (_text('{"family": "f", "containerDefinitions": [], "cpu": 1' + "0" * 5000 + "}"), "4300 digits"),
    "NaN": (_text('{"family": "f", "containerDefinitions": [{"name": "a", "memory": NaN}]}'), "NaN"),
    "not UTF-8": (_text(b'{"family": "\xe9"}'), "utf-8"),
    "not JSON": (_text("{not json"), "not JSON"),
    "empty": (_text(""), "not JSON"),
    "FIFO": (_fifo, "a FIFO, not a regular file"),
    "device": (_device, "a character device, not a regular file"),
    "directory": (str, "a directory, not a regular file"),
    "missing": (lambda tmp: str(tmp / "missing.json"), "cannot read"),
    "newline in the name": (_named_with_a_newline, "'"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_one_line_and_exit_2(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, reason = BAD_FILES[kind]
    path = make(tmp_path)
    code, out, err = _run(capsys, "validate", path)
    assert code == 2
    line = _one_line(err)
    assert reason in line
    assert out == "0 errors, 0 warnings in 1 file; 1 unreadable\n"
    code, out, err = _run(capsys, "validate", "--format", "json", path)
    assert code == 2
    assert json.loads(out) == [_unreadable(path, _one_line(err).removeprefix("ecskit: "))]
    code, out, err = _run(capsys, "diff", "--format", "json", path, path)
    assert code == 2
    assert reason in json.loads(out)["error"]
    _one_line(err)


def test_a_file_larger_than_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_DOCUMENT_BYTES", 1024)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(fargate_taskdef(tags=[{"key": "k", "value": "v" * 2000}])), encoding="utf-8")
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 2
    assert "larger than" in _one_line(err)


def test_the_other_files_are_still_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "td.json"
    good.write_text(json.dumps(fargate_taskdef(cpu="512", memory="512")), encoding="utf-8")
    code, out, err = _run(capsys, "validate", "--format", "json", str(tmp_path / "missing.json"), str(good))
    assert code == 2
    assert {row["rule"] for row in json.loads(out)} == {"fargate-cpu-memory", "unreadable"}
    assert "missing.json: cannot read" in _one_line(err)
    code, out, _ = _run(capsys, "validate", str(tmp_path / "missing.json"), str(good))
    assert code == 2
    assert out.splitlines()[-1] == "1 error (1 api), 0 warnings in 2 files; 1 unreadable"


def test_huge_numbers_inside_text_members_are_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = fargate_taskdef(cpu="9" * 400, memory="9" * 400 + " GB")
    doc["containerDefinitions"][0]["portMappings"] = [{"containerPortRange": "1-" + "9" * 5000}]
    doc["containerDefinitions"][0]["resourceRequirements"] = [{"type": "GPU", "value": "9" * 5000}]
    doc["containerDefinitions"][0]["memory"] = 10**400
    path = tmp_path / "td.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _run(capsys, "validate", "--format", "json", str(path))
    assert (code, err) == (1, "")
    rules = {row["rule"] for row in json.loads(out)}
    assert "schema-bad-value" in rules  # memory: an integer of 401 digits is out of range


@pytest.mark.parametrize(
    ("argv", "unreadable"),
    [
        (["validate", "--format", "json", "--ignore", "no-such-rule", "{td}"], 0),
        (["validate", "--format=json", "--task-definition", "{missing}", "{td}"], 1),
        (["validate", "--form", "json"], 0),  # argparse: no FILE (and an abbreviation of --format)
    ],
    ids=["unknown rule", "unreadable task definition", "bad arguments"],
)
def test_json_is_printed_when_validate_stops_early(
    argv: list[str], unreadable: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    td = tmp_path / "td.json"
    td.write_text(json.dumps(fargate_taskdef()), encoding="utf-8")
    args = [a.format(td=td, missing=tmp_path / "missing.json") for a in argv]
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own exit
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert code == 2
    assert [row["rule"] for row in json.loads(out)] == ["unreadable"] * unreadable
    assert "Traceback" not in err


def test_lifecycle_preview_json_when_it_stops_early(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "lifecycle", "preview", str(tmp_path / "p.json"), "--images", "x", "--format", "json")
    assert code == 2
    assert "cannot read" in json.loads(out)["error"]
    _one_line(err)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
def test_any_text_in_a_file_gives_findings_or_one_line(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        code, out, err = _run(capsys, "validate", "--format", "json", str(path))
    rows: Any = json.loads(out)
    assert isinstance(rows, list)
    if code == 2:
        assert rows == [_unreadable(str(path), _one_line(err).removeprefix("ecskit: "))]
    else:
        assert code in (0, 1)
        assert "Traceback" not in err
