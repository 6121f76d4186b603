"""The package's public face: __all__ sorted and complete, examples run."""

from __future__ import annotations

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
