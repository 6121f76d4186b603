"""The notebook in docs/ runs in a Jupyter kernel, cell by cell, and shows ecskit's displays (so it cannot rot).

nbclient and ipykernel are in the dev extra (what CI installs); where they are missing the test says so and skips.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "ecskit-in-notebooks.ipynb"

nbformat = pytest.importorskip("nbformat", reason="nbformat comes with the dev extra (pip install -e '.[dev]')")
nbclient = pytest.importorskip("nbclient", reason="nbclient comes with the dev extra (pip install -e '.[dev]')")
pytest.importorskip("ipykernel", reason="ipykernel comes with the dev extra (pip install -e '.[dev]')")


def _shown(cell: Any) -> list[str]:
    """The HTML each output of a code cell shows."""
    return [str(output["data"]["text/html"]) for output in cell.outputs if "text/html" in output.get("data", {})]


def test_the_notebook_runs_and_shows_ecskits_displays() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "commit it unrun"
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, when a cell fails
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    shown = [html for cell in code for html in _shown(cell)]
    titles = [
        "task definition web:1",
        "service web",
        "cluster shop",
        "validation report: 3 errors, 0 warnings",
        "diff old -&gt; new: 2 changes",
        "ECR repository shop/web",
        "lifecycle preview: 5 images, 2 expire, 0 archived, 3 kept",
    ]
    assert len(shown) == len(titles)
    for html, title in zip(shown, titles, strict=True):
        assert html.startswith('<div class="ecskit"')
        assert f"<strong>{title}</strong>" in html
    assert "<svg" in shown[2]
