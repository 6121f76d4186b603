"""Cost of validating a task definition against the cost of reading it, side by side in one run.

For every valid corpus task definition: ``from_api`` (read into the model) and ``validate_task_definition``
(every rule of the catalog) are timed in interleaved rounds; medians are printed, and the ratio
``validate / from_api`` (the target is at most 2).

Run: ``python benchmarks/validate.py [--rounds N]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from _rounds import medians

from ecskit.codec import from_api, read_task_definition, to_api
from ecskit.errors import ConversionError
from ecskit.models.ecs import RegisterTaskDefinitionRequest
from ecskit.validation import CATALOG, Kind, validate_task_definition

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def load(corpus: Path) -> list[tuple[dict[str, Any], RegisterTaskDefinitionRequest]]:
    """(register-input dict, model) for every corpus task definition that reads."""
    found = []
    for path in sorted(corpus.glob("taskdefs/*.json")):
        try:
            model = read_task_definition(json.loads(path.read_text(encoding="utf-8")))
        except ConversionError:
            continue
        found.append((to_api(model), model))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="validation cost relative to reading")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    docs = load(args.corpus)
    if not docs:
        print(f"no corpus task definitions under {args.corpus}", file=sys.stderr)
        return 2
    dicts = [d for d, _ in docs]
    models = [m for _, m in docs]

    def read() -> None:
        for d in dicts:
            from_api(d, RegisterTaskDefinitionRequest)

    def check() -> None:
        for m in models:
            validate_task_definition(m)

    med = medians({"from_api": read, "validate": check}, args.rounds)
    rules = sum(1 for r in CATALOG.values() if r.kind in (Kind.TASK_DEFINITION, Kind.CONTAINER))
    print(f"{len(docs)} corpus task definitions, {rules} task-definition rules, {args.rounds} rounds, medians:")
    for name, value in med.items():
        print(f"  {name:9} {value * 1e3:8.2f} ms per pass ({value / len(docs) * 1e6:6.1f} us per task definition)")
    print(f"validate / from_api: {med['validate'] / med['from_api']:.2f}x (target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
