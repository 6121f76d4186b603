"""Fail when a public name of ecskit has no entry in the docs.

Runs Sphinx's coverage builder (``sphinx.ext.coverage``, configured in ``conf.py`` to walk every public module
of ecskit) into a temporary directory and fails if its report, ``python.txt``, lists any undocumented function,
class or method, or any module that failed to import, and if the build warns (a public module with no entry of its
own on any page, say): a check that only warns is a check nobody reads. Usage:
``python docs/check_coverage.py [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent

#: Report lines naming an undocumented object: `` * name`` (function, class, failed module), ``   - method``.
_MISSING = re.compile(r"^( \* |   - )\S")


def undocumented(report: str) -> list[str]:
    """The lines of a coverage report that name something undocumented, under the header of their module."""
    found: list[str] = []
    lines = report.splitlines()
    for index, line in enumerate(lines):
        if _MISSING.match(line):
            module = next(
                (lines[i - 1] for i in range(index, 0, -1) if set(lines[i]) == {"-"} and lines[i - 1].strip()),
                "?",
            )
            found.append(f"{module}: {line.strip()}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep", type=Path, help="write the coverage report here instead of a temporary directory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ecskit-coverage-") as tmp:
        out = args.keep or Path(tmp)
        command = [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "coverage"]
        built = subprocess.run(
            [*command, "-d", str(out / ".doctrees"), str(DOCS), str(out)],
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        report = out / "python.txt"
        missing = undocumented(report.read_text(encoding="utf-8")) if report.exists() else []
    if missing:
        print(f"{len(missing)} public names have no entry in the docs:", file=sys.stderr)
        for line in missing:
            print(f"  {line}", file=sys.stderr)
        print("Add them to a page under docs/api/ (automodule with :members:).", file=sys.stderr)
    if built.returncode != 0:
        print(built.stderr, end="", file=sys.stderr)
        print(
            "The coverage build warned or failed (above): a module named there needs an automodule entry on a page "
            "under docs/api/, or a reasoned place in conf.py's coverage_ignore_modules.",
            file=sys.stderr,
        )
    if missing or built.returncode != 0:
        return 1
    print("docs coverage: every public name of ecskit is documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
