"""Input a careless or hostile caller sends: numbers no API carries, text that only looks like a number, nesting
deeper than Python's stack, and valid documents with one such value put anywhere.

Each kind here once escaped as a raw exception (OverflowError, ValueError, RecursionError) from the codec, a rule,
the fake or the CLI; the property tests feed them everywhere a document goes in.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.support.strategies import json_values, paths_in, replaced

__all__ = ["deep", "hostile_numbers", "hostile_strings", "hostile_text", "hostile_values", "put_anywhere"]

#: Numbers beyond what the API carries (64-bit integers, finite doubles), or at its edges.
hostile_numbers: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 10**400, -(10**400), 10**5000, 1e308, -1e308]),
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 5e-324, -0.0]),
    st.integers(min_value=2**63, max_value=10**600),
)


def _digits(n: int) -> str:
    return "9" * n


#: Text read as a number by a rule or the fake: cpu and memory, GPU counts, port ranges, platform versions,
#: revisions, agent versions, with far more digits than any number AWS reads (float() overflows on 400 digits,
#: int() refuses more than 4,300).
hostile_strings: st.SearchStrategy[str] = st.one_of(
    st.sampled_from([400, 4300, 4301, 5000]).flatmap(
        lambda n: st.sampled_from(
            [
                _digits(n),
                _digits(n) + " GB",
                _digits(n) + " vCPU",
                "0." + _digits(n) + " vCPU",
                "1-" + _digits(n),
                _digits(n) + "-" + _digits(n),
                "1." + _digits(n) + ".0",
                "web:" + _digits(n),
                "0" * n + "1",
            ]
        )
    ),
    st.sampled_from(["\u0663", "\u0663 vCPU", "1e400", "-1", "0x10", "1_000", " 8 - 9 ", "${CPU}", "NaN", "inf"]),
    st.from_regex(r"\A[0-9]{1,25}(\.[0-9]{0,25})?( ?(GB|vCPU|vcpu))?\Z"),
)


def deep(depth: int, leaf: Any = None) -> Any:
    """A list nested ``depth`` deep (built without recursion)."""
    value: Any = [] if leaf is None else leaf
    for _ in range(depth):
        value = [value]
    return value


#: Any JSON-ish value: ordinary JSON, hostile numbers and strings, nesting from shallow to beyond Python's stack.
hostile_values: st.SearchStrategy[Any] = st.one_of(
    json_values,
    hostile_numbers,
    hostile_strings,
    st.integers(min_value=1, max_value=3000).map(deep),
    st.integers(min_value=1, max_value=3000).map(lambda n: {"a": deep(n)}),
)


def _texts(value: Any) -> st.SearchStrategy[str]:
    try:
        written = json.dumps(value)  # NaN and Infinity as Python writes them (not JSON)
    except (ValueError, RecursionError):  # more digits than Python writes, deeper than its stack
        written = "[" * 5000
    return st.sampled_from([written, written[: len(written) // 2], written + "]", "\ufeff" + written])


#: JSON text and near-JSON text: what hostile values write as, cut short, and brackets beyond Python's stack.
hostile_text: st.SearchStrategy[str] = st.one_of(
    hostile_values.flatmap(_texts),
    st.integers(min_value=900, max_value=100_000).map(lambda n: "[" * n + "]" * n),
    st.integers(min_value=900, max_value=3000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.sampled_from(["NaN", "-Infinity", '{"containerPort": 1e400}', "1" + "0" * 5000, "\x00", "{", ""]),
    st.text(max_size=20),
)


def put_anywhere(document: Any, values: st.SearchStrategy[Any], *, strings: bool = False) -> st.SearchStrategy[Any]:
    """``document`` with the value at one place (any depth, the root included) replaced by one of ``values``;
    strings are replaced more often, since rules and the fake read numbers out of them (only strings with
    ``strings``: the document keeps the shape botocore checks)."""
    paths = paths_in(document)
    texts = [path for path in paths if isinstance(_at(document, path), str)]
    anywhere = st.sampled_from(texts) | st.sampled_from(paths) if texts else st.sampled_from(paths)
    where = st.sampled_from(texts or paths) if strings else anywhere
    return st.builds(replaced, st.just(document), where, values)


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document
