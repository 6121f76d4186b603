"""Cost of checking a model built in Python (``ecskit.codec.check``), side by side in one run.

Over every valid corpus task definition and service, read into models once, three passes are timed in
interleaved rounds:

* ``to_api``: writing the model (what a backend does with every request anyway) — the yardstick;
* ``check``: ``ecskit.codec.check``, a function compiled once per class from the codec's plans;
* ``naive``: a plain recursive check over the same annotations (``typing.get_type_hints`` cached per class,
  ``isinstance`` per member) — the obvious way to write it.

Medians are printed with the ratios ``check / to_api`` (the target is at most 1: checking a request must cost
less than sending it) and ``naive / check``.

Run: ``python benchmarks/check.py [--rounds N] [--corpus DIR]`` (``ECSKIT_CORPUS`` also names the corpus).
"""

from __future__ import annotations

import argparse
import collections.abc
import datetime
import enum
import functools
import json
import os
import sys
import types
import typing
from pathlib import Path
from typing import Any

import attrs
from _rounds import Runner, medians

from ecskit.codec import check, from_api, read_task_definition, to_api
from ecskit.errors import ConversionError
from ecskit.models.ecs import CreateServiceRequest

CORPUS = Path(os.environ.get("ECSKIT_CORPUS") or Path(__file__).resolve().parents[1].parent / "shared" / "corpus")


def load(corpus: Path) -> list[Any]:
    """Models of every corpus task definition (as register input) and service that reads."""
    found: list[Any] = []
    for path in sorted(corpus.glob("taskdefs/*.json")) + sorted(corpus.glob("services/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            if path.parent.name == "services":
                found.append(from_api(data, CreateServiceRequest))
            else:
                found.append(read_task_definition(data))
        except ConversionError:
            continue
    return found


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def naive_ok(value: object, tp: Any) -> bool:
    """A plain recursive check of ``value`` against the annotation ``tp``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return any(naive_ok(value, a) for a in args)
    if tp is type(None):
        return value is None
    if origin is tuple:
        return isinstance(value, tuple | list) and all(naive_ok(x, args[0]) for x in value)
    if origin in (dict, collections.abc.Mapping):
        return isinstance(value, collections.abc.Mapping) and all(
            naive_ok(k, args[0]) and naive_ok(x, args[1]) for k, x in value.items()
        )
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        return isinstance(value, str) and value in tp._value2member_map_
    if isinstance(tp, type) and attrs.has(tp):
        if not isinstance(value, tp):
            return False
        hints = _hints(tp)
        return all(
            naive_ok(getattr(value, a.name), hints[a.name])
            and (a.default is not attrs.NOTHING or getattr(value, a.name) is not None)
            for a in attrs.fields(tp)
        )
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is datetime.datetime:
        return isinstance(value, datetime.datetime)
    return isinstance(value, tp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cost of ecskit.codec.check against to_api and a naive check")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    models = load(args.corpus)
    if not models:
        print(f"no corpus documents under {args.corpus}", file=sys.stderr)
        return 2
    assert all(check(m) == () and naive_ok(m, type(m)) for m in models)

    def run_to_api() -> None:
        for m in models:
            to_api(m)

    def run_check() -> None:
        for m in models:
            check(m)

    def run_naive() -> None:
        for m in models:
            naive_ok(m, type(m))

    runners: dict[str, Runner] = {"to_api": run_to_api, "check": run_check, "naive": run_naive}
    med = medians(runners, args.rounds)
    print(f"{len(models)} corpus models, {args.rounds} interleaved rounds, medians:")
    for name, value in med.items():
        print(f"  {name:7} {value * 1e3:8.2f} ms per pass ({value / len(models) * 1e6:6.1f} us per model)")
    print(f"check / to_api: {med['check'] / med['to_api']:.2f}x (target <= 1)")
    print(f"naive / check: {med['naive'] / med['check']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
