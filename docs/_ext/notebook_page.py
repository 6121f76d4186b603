"""Sphinx extension: writes notebooks.md, the page "ecskit in notebooks", from docs/notebooks/ecskit-in-notebooks.ipynb
at every build: its Markdown cells as they are, its code cells as code, and what each code cell shows as a notebook
would show it (the ``_repr_html_`` of its last expression, or its text, and what it prints).

The cells run here, in one namespace, in order, as a kernel would run them (tests/unit/test_notebook.py runs the
notebook itself in a Jupyter kernel); so the pictures on the page are always those of this release. A cell that
raises fails the build.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

NOTEBOOK = Path("notebooks") / "ecskit-in-notebooks.ipynb"
PAGE = "notebooks.md"


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _run(code: str, namespace: dict[str, Any], where: str) -> tuple[str, object]:
    """Run a cell: what it printed, and the value of its last line when that is an expression (else None)."""
    tree = ast.parse(code, filename=where)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        tree.body.pop()
    else:
        last = None
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(tree, where, "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), where, "eval"), namespace) if last is not None else None
    return printed.getvalue(), value


def _shown(value: object) -> list[str]:
    """What a notebook shows of a value, as MyST."""
    if value is None:
        return []
    html = getattr(value, "_repr_html_", None)
    if callable(html):
        return ["```{raw} html", str(html()), "```", ""]
    return ["```text", repr(value), "```", ""]


def notebook_page(srcdir: Path) -> str:
    """The Markdown of the page: the notebook, run."""
    cells = json.loads((srcdir / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    lines: list[str] = []
    for number, cell in enumerate(cells, 1):
        source = _source(cell)
        if cell["cell_type"] == "markdown":
            lines += [source, ""]
            if number == 1:
                lines += [
                    f"This page is the notebook `docs/{NOTEBOOK.as_posix()}`, run when the docs are built (the tests "
                    "run it in a Jupyter kernel too). Open it in Jupyter to try it (from a clone: "
                    "`pip install . jupyterlab`).",
                    "",
                ]
            continue
        if cell["cell_type"] != "code":
            continue
        printed, value = _run(source, namespace, f"<{NOTEBOOK.name} cell {number}>")
        lines += ["```python", source, "```", ""]
        if printed:
            lines += ["```text", printed.rstrip("\n"), "```", ""]
        lines += _shown(value)
    return "\n".join(lines)


def _write(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    text = notebook_page(srcdir)
    target = srcdir / PAGE
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page writer."""
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
