"""Development sessions: ``nox -l`` lists them, ``nox`` runs the default set (everything but codegen and bench).

* ``nox -s tests -- -k codec``: pytest, with any arguments after ``--``;
* ``nox -s typecheck``: mypy --strict over the paths configured in pyproject.toml;
* ``nox -s lint``: ruff check and ruff format --check;
* ``nox -s docs``: the HTML build and the doctests, both with ``-W -n``, then the API coverage check;
* ``nox -s codegen``: regenerate the wire-shape models and the EC2 instance type table; ``nox -s codegen --
  --check`` only checks;
* ``nox -s bench``: every script in benchmarks/.
"""

from __future__ import annotations

from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "typecheck", "tests", "docs"]


def _scripts(folder: str) -> list[Path]:
    """The runnable scripts of a folder: every ``*.py`` but private helpers (``_*.py``)."""
    return sorted(p for p in (ROOT / folder).glob("*.py") if not p.name.startswith("_"))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (the moto server is started by a pytest fixture)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict; it needs every dependency of what it checks, so install the dev extra."""
    session.install("-e", ".[dev]")
    session.run("mypy", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and its formatter in check mode."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs and run their doctests, failing on any warning, then check API coverage."""
    session.install("-e", ".[docs]")
    build = ROOT / "docs" / "_build"
    # -E: read every page afresh; an incremental build would not repeat the warnings of unchanged pages
    session.run("sphinx-build", "-E", "-W", "-n", "-b", "html", "docs", str(build / "html"))
    session.run("sphinx-build", "-E", "-W", "-n", "-b", "doctest", "docs", str(build / "doctest"))
    session.run("python", "docs/check_coverage.py")


@nox.session
def codegen(session: nox.Session) -> None:
    """Regenerate the models from the pinned botocore and the instance type table from tools/data/; ``-- --check``
    fails instead when they are stale."""
    session.install("-e", ".[test]")  # the test extra carries the botocore pin the models are generated from
    session.run("python", "tools/codegen.py", *session.posargs)
    session.run("python", "tools/instance_types.py", *session.posargs)  # the EC2 instance type table


@nox.session
def bench(session: nox.Session) -> None:
    """Run every benchmark script; each prints its own side-by-side ratios."""
    session.install("-e", ".[test]")
    scripts = _scripts("benchmarks")
    if not scripts:
        session.skip("no benchmarks/*.py yet")
    for script in scripts:
        session.run("python", str(script.relative_to(ROOT)), *session.posargs)
