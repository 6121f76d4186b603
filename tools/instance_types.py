"""Generate ecskit's EC2 instance type table from public data vendored in ``tools/data/``.

``python tools/instance_types.py`` writes ``ecskit/placement/instance_types.csv`` from the snapshots below;
``python tools/instance_types.py --check`` fails when the table is not what they give (a test runs it too).

The snapshots keep only the facts ecskit uses, each row naming the version of the source it comes from:

* ``tools/data/ec2-instance-types.csv``: EC2's DescribeInstanceTypes answer (vCPUs, memory, maximum network
  interfaces, GPUs, architectures, current generation) as moto keeps a copy of it, taken from every Region
  (``moto/ec2/resources/instance_types.json``, Apache-2.0): the newest release's copy, then, for the types EC2
  no longer describes (retired, such as ``p3``), the last copy in moto's history that had them. Only copies in
  DescribeInstanceTypes' own form count (moto kept another form before 2020).
* ``tools/data/vpc-resource-controller-limits.csv``: which types can have a trunk interface, and how many
  branch interfaces, from ``pkg/aws/vpc/limits.go`` of aws/amazon-vpc-resource-controller-k8s (Apache-2.0), by
  the same rule (newest copy first).
* ``tools/data/ecs-eni-trunking.csv``: the table "Supported Amazon EC2 instance types" of the Amazon ECS
  Developer Guide's page on ENI trunking (the task limits with and without ``awsvpcTrunking``), and the types and
  families that page says ECS does not support, from the last version of awsdocs/amazon-ecs-developer-guide
  (``doc_source/container-instance-eni.md``; the guide's public copy ended in 2023).

``--refresh`` rewrites the snapshots from those sources, given as local git repositories (``--moto-repo``,
``--limits-repo``, ``--ecs-guide-repo``) and the installed moto release, then writes the table.

How a table column is made from them:

* ``gpus``: the NVIDIA GPUs (their logical count), which is what the ECS agent registers; other makers' GPUs
  (AMD's in ``g4ad``) are not ECS GPU resources.
* ``trunking_enis`` (awsvpc tasks with ``awsvpcTrunking`` on, 0 when ECS gives that type no trunk): ECS's number
  where its table lists the type; 0 where the page says ECS does not support the type or its family; otherwise,
  for a type the resource controller marks trunking-compatible, its branch interfaces plus its interfaces other
  than the primary and the trunk. That relation gives ECS's own number for 421 of the 428 types ECS's table
  lists (``tests/unit/placement/test_instance_types.py`` checks the ones it quotes).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "data"
DESCRIBED = DATA / "ec2-instance-types.csv"
LIMITS = DATA / "vpc-resource-controller-limits.csv"
ECS_TRUNKING = DATA / "ecs-eni-trunking.csv"
TABLE = ROOT / "ecskit" / "placement" / "instance_types.csv"

_MOTO_PATH = "moto/ec2/resources/instance_types.json"
_LIMITS_PATH = "pkg/aws/vpc/limits.go"
_GUIDE_PATH = "doc_source/container-instance-eni.md"
_DESCRIBED_COLUMNS = (
    "InstanceType",
    "DefaultVCpus",
    "SizeInMiB",
    "MaximumNetworkInterfaces",
    "NvidiaGpus",
    "OtherGpus",
    "SupportedArchitectures",
    "CurrentGeneration",
    "Source",
)
_LIMITS_COLUMNS = ("InstanceType", "Interface", "IsTrunkingCompatible", "BranchInterface", "Source")
_ECS_COLUMNS = ("InstanceType", "TaskLimitWithout", "TaskLimitWith")
TABLE_COLUMNS = (
    "name",
    "vcpus",
    "memory_mib",
    "max_enis",
    "gpus",
    "architectures",
    "current_generation",
    "trunking_enis",
)
#: What an ECS page row or note names as not supported: a type, or a family (``c5n``).
UNSUPPORTED = "unsupported"


# --------------------------------------------------------------------------------------------------------------------
# snapshots: CSV with ``#`` comment lines first


def read_snapshot(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The comment lines (without ``# ``) and the rows of a snapshot file."""
    comments: list[str] = []
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and not body:
            comments.append(line[1:].strip())
        else:
            body.append(line)
    return comments, list(csv.DictReader(body))


def write_csv(comments: Iterable[str], columns: tuple[str, ...], rows: Iterable[Mapping[str, object]]) -> str:
    out = io.StringIO()
    for line in comments:
        out.write(f"# {line}\n" if line else "#\n")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


# --------------------------------------------------------------------------------------------------------------------
# the table


def _family(name: str) -> str:
    return name.split(".", 1)[0]


def _order(row: Mapping[str, str]) -> tuple[str, int, int, str]:
    return (_family(row["InstanceType"]), int(row["DefaultVCpus"]), int(row["SizeInMiB"]), row["InstanceType"])


@dataclass(frozen=True)
class EcsTrunking:
    """What the ECS page says about trunking: task limits per listed type, and what it does not support."""

    listed: dict[str, int]
    unsupported: frozenset[str]

    def enis(self, name: str, limits: Mapping[str, str] | None) -> int:
        if name in self.listed:
            return self.listed[name]
        if name in self.unsupported or _family(name) in self.unsupported:
            return 0
        if limits is None or limits["IsTrunkingCompatible"] != "true":
            return 0
        return int(limits["BranchInterface"]) + int(limits["Interface"]) - 2


def _ecs_trunking(rows: list[dict[str, str]]) -> EcsTrunking:
    listed = {r["InstanceType"]: int(r["TaskLimitWith"]) for r in rows if r["TaskLimitWith"] != UNSUPPORTED}
    unsupported = frozenset(r["InstanceType"] for r in rows if r["TaskLimitWith"] == UNSUPPORTED)
    return EcsTrunking(listed, unsupported)


def generate() -> str:
    """The text of the table, from the snapshots."""
    described_notes, described = read_snapshot(DESCRIBED)
    limits_notes, limits_rows = read_snapshot(LIMITS)
    ecs_notes, ecs_rows = read_snapshot(ECS_TRUNKING)
    limits = {r["InstanceType"]: r for r in limits_rows}
    trunking = _ecs_trunking(ecs_rows)
    rows = [
        {
            "name": r["InstanceType"],
            "vcpus": r["DefaultVCpus"],
            "memory_mib": r["SizeInMiB"],
            "max_enis": r["MaximumNetworkInterfaces"],
            "gpus": r["NvidiaGpus"],
            "architectures": r["SupportedArchitectures"],
            "current_generation": 1 if r["CurrentGeneration"] == "true" else 0,
            "trunking_enis": trunking.enis(r["InstanceType"], limits.get(r["InstanceType"])),
        }
        for r in sorted(described, key=_order)
    ]
    comments = [
        "Generated by tools/instance_types.py from tools/data/: do not edit, run `python tools/instance_types.py`.",
        "One row per EC2 instance type: vCPUs, memory (MiB), maximum network interfaces (the primary one",
        "included), NVIDIA GPUs, EC2's architectures (space-separated), current generation (1) or previous (0), and",
        "the awsvpc tasks ECS places on it with awsvpcTrunking (0: no trunk for this type).",
        "Sources (tools/data/ names the one of each row; tools/instance_types.py says how each column is made):",
        *(f"  {line}" for line in _sources(described_notes)),
        *(f"  {line}" for line in _sources(limits_notes)),
        *(f"  {line}" for line in _sources(ecs_notes)),
    ]
    return write_csv(comments, TABLE_COLUMNS, rows)


def _sources(notes: list[str]) -> list[str]:
    return [n.removeprefix("source ") for n in notes if n.startswith("source ")]


def stale() -> bool:
    return not TABLE.exists() or TABLE.read_text(encoding="utf-8") != generate()


# --------------------------------------------------------------------------------------------------------------------
# --refresh: the snapshots from the sources


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _history(repo: Path, path: str) -> Iterator[tuple[str, str, str]]:
    """(commit, date, text) of every version of ``path``, newest first."""
    for line in _git(repo, "log", "--format=%H %cs", "--", path).splitlines():
        commit, date = line.split()
        try:
            yield commit, date, _git(repo, "show", f"{commit}:{path}")
        except subprocess.CalledProcessError:  # the commit deleted it
            continue


def _described_row(record: Mapping[str, Any], source: str) -> dict[str, object]:
    gpus = record.get("GpuInfo", {}).get("Gpus", [])

    def count(gpu: Mapping[str, Any]) -> int:
        return int(gpu.get("LogicalGpuCount", gpu.get("Count", 0)))

    return {
        "InstanceType": record["InstanceType"],
        "DefaultVCpus": record["VCpuInfo"]["DefaultVCpus"],
        "SizeInMiB": record["MemoryInfo"]["SizeInMiB"],
        "MaximumNetworkInterfaces": record["NetworkInfo"]["MaximumNetworkInterfaces"],
        "NvidiaGpus": sum(count(g) for g in gpus if g.get("Manufacturer") == "NVIDIA"),
        "OtherGpus": sum(count(g) for g in gpus if g.get("Manufacturer") != "NVIDIA"),
        "SupportedArchitectures": " ".join(record["ProcessorInfo"]["SupportedArchitectures"]),
        "CurrentGeneration": "true" if record.get("CurrentGeneration") else "false",
        "Source": source,
    }


def _described_records(text: str) -> dict[str, Mapping[str, Any]]:
    """DescribeInstanceTypes records by type; none for moto's older form (ec2instances.info's fields)."""
    data = json.loads(text)
    records = data.values() if isinstance(data, dict) else data
    return {r["InstanceType"]: r for r in records if isinstance(r, dict) and "VCpuInfo" in r}


def refresh_described(moto_repo: Path) -> str:
    release = importlib.util.find_spec("moto")
    if release is None or release.origin is None:
        raise SystemExit("--refresh reads the installed moto release: install moto")
    resources = Path(release.origin).parent / "ec2" / "resources"
    packed = resources / "instance_types.json.gz"
    raw = gzip.decompress(packed.read_bytes()) if packed.exists() else (resources / "instance_types.json").read_bytes()
    version = importlib.metadata.version("moto")
    label = f"moto-{version}"
    rows = {name: _described_row(r, label) for name, r in _described_records(raw.decode()).items()}
    used: dict[str, str] = {}
    for commit, date, text in _history(moto_repo, _MOTO_PATH):
        for name, record in _described_records(text).items():
            if name not in rows:
                rows[name] = _described_row(record, f"moto@{commit[:12]}")
                used[commit] = date
    comments = [
        "EC2 DescribeInstanceTypes facts ecskit uses, one row per type, written by `python tools/instance_types.py",
        "--refresh` (the table ecskit ships is made from this file). NvidiaGpus / OtherGpus: GPUs (logical count) by",
        "maker. Each row's Source: EC2's answer in every Region as moto keeps it (github.com/getmoto/moto, Apache-2.0)",
        f"source {label}: the moto {version} release (PyPI), {_MOTO_PATH}.gz, sha256 {hashlib.sha256(raw).hexdigest()}",
        *(
            f"source moto@{c[:12]}: getmoto/moto commit {c} ({d}), {_MOTO_PATH}: types EC2 no longer describes"
            for c, d in used.items()
        ),
    ]
    return write_csv(comments, _DESCRIBED_COLUMNS, sorted(rows.values(), key=lambda r: str(r["InstanceType"])))


_LIMIT = re.compile(
    r'"(?P<name>[a-z0-9.-]+)":\s*\{\s*Interface:\s*(?P<interface>\d+),\s*IPv4PerInterface:\s*\d+,\s*'
    r"IsTrunkingCompatible:\s*(?P<compatible>true|false),\s*BranchInterface:\s*(?P<branch>\d+),"
)


def refresh_limits(limits_repo: Path) -> str:
    rows: dict[str, dict[str, object]] = {}
    used: dict[str, str] = {}
    for commit, date, text in _history(limits_repo, _LIMITS_PATH):
        for m in _LIMIT.finditer(text):
            if m["name"] not in rows:
                rows[m["name"]] = {
                    "InstanceType": m["name"],
                    "Interface": m["interface"],
                    "IsTrunkingCompatible": m["compatible"],
                    "BranchInterface": m["branch"],
                    "Source": f"vpc-rc@{commit[:12]}",
                }
                used[commit] = date
    comments = [
        "Trunk (branch) network interfaces per EC2 instance type, written by `python tools/instance_types.py",
        "--refresh`. Each row's Source: the newest copy that has the type (Apache-2.0)",
        *(
            f"source vpc-rc@{c[:12]}: aws/amazon-vpc-resource-controller-k8s commit {c} ({d}), {_LIMITS_PATH}"
            for c, d in used.items()
        ),
    ]
    return write_csv(comments, _LIMITS_COLUMNS, sorted(rows.values(), key=lambda r: str(r["InstanceType"])))


_TASK_ROW = re.compile(r"^\| (?P<name>[a-z0-9-]+\\?\.[a-z0-9-]+) \| (?P<without>\d+) \| (?P<with>\d+) \|", re.M)
_NOT_SUPPORTED = re.compile(r"`(?P<name>[a-z0-9.-]+)`")


def refresh_ecs(guide_repo: Path) -> str:
    commit, date, text = next(_history(guide_repo, _GUIDE_PATH))
    rows: dict[str, dict[str, object]] = {}
    for m in _TASK_ROW.finditer(text):
        name = m["name"].replace("\\", "")
        rows[name] = {"InstanceType": name, "TaskLimitWithout": m["without"], "TaskLimitWith": m["with"]}
    # The note before the tables: "... instance types are not supported. The `c5n`, ... instance families are not
    # supported."
    note = text[text.index("## Supported Amazon EC2 instance types") :]
    note = note[note.index("**Important**") : note.index("**Topics**")].replace("\\", "")
    unsupported = [m["name"] for m in _NOT_SUPPORTED.finditer(note)]
    for name in unsupported:
        rows.setdefault(name, {"InstanceType": name, "TaskLimitWithout": "", "TaskLimitWith": UNSUPPORTED})
    comments = [
        "Tasks using the awsvpc network mode per container instance, without and with awsvpcTrunking, as the",
        "Amazon ECS Developer Guide lists them; 'unsupported': a type or family (no dot) the page says ECS gives no",
        "trunk. Written by `python tools/instance_types.py --refresh`; facts of a CC BY-SA 4.0 page",
        f"source ecs-guide@{commit[:12]}: awsdocs/amazon-ecs-developer-guide commit {commit} ({date}), {_GUIDE_PATH},"
        " 'Supported Amazon EC2 instance types'",
    ]
    return write_csv(comments, _ECS_COLUMNS, sorted(rows.values(), key=lambda r: str(r["InstanceType"])))


# --------------------------------------------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the table is not what the snapshots give")
    parser.add_argument("--refresh", action="store_true", help="rewrite the snapshots from the sources first")
    parser.add_argument("--moto-repo", type=Path, help="a git repository of getmoto/moto (with --refresh)")
    parser.add_argument("--limits-repo", type=Path, help="aws/amazon-vpc-resource-controller-k8s (with --refresh)")
    parser.add_argument("--ecs-guide-repo", type=Path, help="awsdocs/amazon-ecs-developer-guide (with --refresh)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.check:
        if stale():
            print(f"stale: {TABLE.relative_to(ROOT)} (run `python tools/instance_types.py`)", file=sys.stderr)
            return 1
        return 0
    if args.refresh:
        if not (args.moto_repo and args.limits_repo and args.ecs_guide_repo):
            parser.error("--refresh needs --moto-repo, --limits-repo and --ecs-guide-repo")
        for path, text in (
            (DESCRIBED, refresh_described(args.moto_repo)),
            (LIMITS, refresh_limits(args.limits_repo)),
            (ECS_TRUNKING, refresh_ecs(args.ecs_guide_repo)),
        ):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    text = generate()
    if not TABLE.exists() or TABLE.read_text(encoding="utf-8") != text:
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")
    print(f"{sum(1 for line in text.splitlines() if not line.startswith('#')) - 1} instance types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
