"""Codec throughput on the real corpus, side by side in one run.

Measures, over every corpus task definition and service that is valid:

* ``json``: ``json.dumps(json.loads(text))`` — the floor any Python codec is compared with;
* ``ecskit``: ``to_api(from_api(data, cls))`` — typed, strict, lossless;
* ``cattrs``: the same models through a plain, generic cattrs converter (detailed validation and
  forbidden extra keys, as strict as cattrs gets out of the box) — the naive way.

Rounds are interleaved so that the machine's noise hits all three alike; medians are printed, and the ratio
``json time / ecskit time`` (throughput of ecskit relative to json; the target is at least 0.5).

Run: ``python benchmarks/codec.py [--rounds N]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import attrs
import cattrs
from _rounds import Runner, medians
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ecskit.codec import from_api, to_api
from ecskit.codec._plan import wire_names
from ecskit.codec.taskdefs import read_only_members
from ecskit.errors import ConversionError
from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest, TaskDefinition

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def load_documents(corpus: Path) -> list[tuple[str, Any, type[Any]]]:
    """(text, parsed, model class) for every valid task definition and service of the corpus."""
    found = []
    for path in sorted(corpus.glob("taskdefs/*.json")) + sorted(corpus.glob("services/*.json")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if path.parent.name == "services":
            cls: type[Any] = CreateServiceRequest
        elif isinstance(data, dict) and read_only_members() & data.keys():
            cls = TaskDefinition
        else:
            cls = RegisterTaskDefinitionRequest
        try:
            from_api(data, cls)
        except ConversionError:
            continue
        found.append((text, data, cls))
    return found


def naive_converter() -> cattrs.Converter:
    """A generic cattrs converter over the same models, wire names as overrides."""
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)

    def overrides(cls: type[Any]) -> dict[str, Any]:
        return {a: override(rename=w, omit_if_default=True) for a, w in wire_names(cls).items()}

    conv.register_structure_hook_factory(
        attrs.has, lambda cls: make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **overrides(cls))
    )
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides(cls))
    )
    return conv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="codec throughput against json and plain cattrs")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    docs = load_documents(args.corpus)
    if not docs:
        print(f"no corpus documents under {args.corpus}", file=sys.stderr)
        return 2
    conv = naive_converter()
    texts = [t for t, _, _ in docs]
    pairs = [(d, c) for _, d, c in docs]

    def run_json() -> None:
        for t in texts:
            json.dumps(json.loads(t))

    def run_ecskit() -> None:
        for d, c in pairs:
            to_api(from_api(d, c))

    def run_cattrs() -> None:
        for d, c in pairs:
            conv.unstructure(conv.structure(d, c))

    runners: dict[str, Runner] = {"json": run_json, "ecskit": run_ecskit, "cattrs": run_cattrs}
    med = medians(runners, args.rounds)
    print(f"{len(docs)} corpus documents, {args.rounds} interleaved rounds, medians:")
    for name, value in med.items():
        print(f"  {name:7} {value * 1e3:8.2f} ms per pass ({value / len(docs) * 1e6:6.1f} us per document)")
    print(f"ecskit throughput relative to json.loads+json.dumps: {med['json'] / med['ecskit']:.2f}x (target >= 0.5)")
    print(f"ecskit speed relative to plain cattrs: {med['cattrs'] / med['ecskit']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
