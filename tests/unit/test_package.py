"""The package's public face: __all__ sorted and complete, examples run."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest

import ecskit

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.py"))


def test_all_is_sorted_and_complete() -> None:
    assert ecskit.__all__ == sorted(ecskit.__all__)
    public = {n for n in vars(ecskit) if not n.startswith("_") and not isinstance(getattr(ecskit, n), type(ecskit))}
    assert public <= set(ecskit.__all__)
    for name in ecskit.__all__:
        assert hasattr(ecskit, name), name


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


def _code_lines(path: Path) -> int:
    """Lines of code of an example: not its docstring, blank lines or comments."""
    source = path.read_text(encoding="utf-8")
    docstring_end = ast.parse(source).body[0].end_lineno or 0
    lines = source.splitlines()[docstring_end:]
    return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


@pytest.mark.parametrize("name", ["fargate_web_service", "ec2_bridge_service"])
def test_load_balanced_examples_are_short_and_end_healthy(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / f"{name}.py"
    assert _code_lines(path) < 30
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out.splitlines()
    targets = [line.split() for line in out if line.startswith("target ") and not line.startswith("target group")]
    assert len(targets) >= 2
    assert {fields[-1] for fields in targets} == {"healthy"}
