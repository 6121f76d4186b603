"""Wildcard matching (IAM actions and resources, ArnLike, ECR filters, EventBridge) against the naive regex way.

The naive way turns ``*`` into ``.*`` and asks a backtracking regex engine: a pattern of ``k`` stars between
repeated letters, against a run of that letter that fails at the end, costs it about ``n ** k / k!`` steps for
``n`` characters. ``ecskit._glob`` cuts the pattern at its stars and finds each segment once, left to right.

Printed, from interleaved rounds (medians):

* the adversarial shape ``"arn:aws:s3:::*a*a*b*c"`` against ``"arn:aws:s3:::" + "a" * n + "c"``, for growing
  ``n``: both times, their ratio (regex / ecskit), and ecskit's time per character of the ARN, which stays flat
  (linear) while the regex's grows like ``n ** 3``;
* the issue's reproducer (``k = 10``, ``n = 40``; 15 to 47 seconds as a regex), ecskit only;
* ordinary patterns against ordinary ARNs, to show nothing is lost where the regex is fast.

Run: ``python benchmarks/wildcards.py [--rounds N]``
"""

from __future__ import annotations

import argparse
import re
import sys

from _rounds import Runner, medians

from ecskit._glob import Glob, pieces

PREFIX = "arn:aws:s3:::"


def naive(pattern: str) -> re.Pattern[str]:
    """The naive way: each ``*`` a ``.*``, each ``?`` a ``.``, for a backtracking engine."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL)


def _none(_: object) -> None:
    """A runner returns None (the whole call is timed)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="linear wildcard matching against the naive regex")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)

    # The last letter matches, so the search between the stars is what is timed (it fails on "b").
    pattern = PREFIX + "*a*a*b*c"
    regex, glob = naive(pattern), Glob(pieces(pattern))
    print(f"adversarial: {pattern!r} against {PREFIX!r} + 'a' * n + 'c', {args.rounds} interleaved rounds, medians:")
    print(f"  {'n':>5} {'regex':>12} {'ecskit':>12} {'regex/ecskit':>13} {'ecskit per char':>16}")
    for n in (25, 50, 100, 200, 400):
        text = PREFIX + "a" * n + "c"
        assert (regex.fullmatch(text) is not None) == glob.matches(text)

        def run_regex(text: str = text) -> None:
            regex.fullmatch(text)

        def run_ecskit(text: str = text) -> None:
            glob.matches(text)

        runners: dict[str, Runner] = {"regex": run_regex, "ecskit": run_ecskit}
        med = medians(runners, args.rounds, shuffle=True)
        per_char = med["ecskit"] / len(text) * 1e9
        print(
            f"  {n:>5} {med['regex'] * 1e3:>9.3f} ms {med['ecskit'] * 1e6:>9.2f} us "
            f"{med['regex'] / med['ecskit']:>12.0f}x {per_char:>13.1f} ns"
        )

    # Longer ARNs than the regex could face, and a segment with "?" (found by its literal run, then checked).
    for shape in (pattern, PREFIX + "*a?a?a?b*c"):
        matcher, line = Glob(pieces(shape)), []
        for n in (1_000, 10_000, 100_000):
            text = PREFIX + "a" * n + "c"

            def run(m: Glob = matcher, t: str = text) -> None:
                m.matches(t)

            med = medians({"ecskit": run}, args.rounds)
            line.append(f"n={n}: {med['ecskit'] / len(text) * 1e9:.1f} ns")
        print(f"ecskit per character, {shape!r}: " + ", ".join(line))

    issue = PREFIX + "*a" * 10 + "*b"
    text = PREFIX + "a" * 40
    glob = Glob(pieces(issue))
    med = medians({"ecskit": lambda: _none(glob.matches(text))}, args.rounds)
    print(f"issue 18's reproducer ({issue!r} against 40 a): ecskit {med['ecskit'] * 1e6:.2f} us (regex: 15-47 s)")

    ordinary = [
        ("arn:aws:ecr:*:111122223333:repository/web-*", "arn:aws:ecr:us-east-1:111122223333:repository/web-api"),
        ("arn:aws:s3:::my-bucket/*", "arn:aws:s3:::my-bucket/path/to/object.txt"),
        ("arn:aws:logs:*:*:log-group:/ecs/*:*", "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:*"),
        ("ecr:Get*", "ecr:GetAuthorizationToken"),
        ("arn:aws:ssm:us-east-1:111122223333:parameter/prod/db", "arn:aws:ssm:us-east-1:111122223333:parameter/x"),
    ]
    regexes = [(naive(p), t) for p, t in ordinary]
    globs = [(Glob(pieces(p)), t) for p, t in ordinary]
    repeat = 2000

    def run_regexes() -> None:
        for _ in range(repeat):
            for r, t in regexes:
                r.fullmatch(t)

    def run_globs() -> None:
        for _ in range(repeat):
            for g, t in globs:
                g.matches(t)

    med = medians({"regex": run_regexes, "ecskit": run_globs}, args.rounds, shuffle=True)
    calls = repeat * len(ordinary)
    print(
        f"ordinary patterns ({len(ordinary)} kinds): regex {med['regex'] / calls * 1e9:.0f} ns, "
        f"ecskit {med['ecskit'] / calls * 1e9:.0f} ns per match (regex/ecskit {med['regex'] / med['ecskit']:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
