"""Where the shared corpus of real ECS/ECR documents lives, and how to list it."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest

from ecskit.models.ecr import (
    CreatePullThroughCacheRuleRequest,
    GetRegistryScanningConfigurationResponse,
    PutRegistryScanningConfigurationRequest,
    ReplicationConfiguration,
)
from ecskit.models.iam import PolicyDocument

ROOT = Path(__file__).resolve().parents[2]

#: The folders of the corpus, one per kind of document (README.md of the corpus describes each).
KINDS = ("taskdefs", "services", "ecr-lifecycle", "ecr-repository-policies", "ecr-registry")


def corpus_dir() -> Path:
    """The corpus folder: $ECSKIT_CORPUS, or ../shared/corpus beside the checkout (as CI lays it out)."""
    return Path(os.environ.get("ECSKIT_CORPUS", ROOT.parent / "shared" / "corpus"))


def _manifest() -> list[dict[str, str]] | None:
    """The manifest's rows, or None when there is no corpus (an error in CI, where it must be there)."""
    manifest = corpus_dir() / "MANIFEST.tsv"
    if not manifest.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"the corpus is missing in CI: {manifest}")
        return None
    with manifest.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _rows(kind: str, *, skip_module: bool) -> list[dict[str, str]]:
    if kind not in KINDS:
        raise ValueError(f"no corpus folder {kind!r}; the folders are {', '.join(KINDS)}")
    rows = _manifest()
    if rows is None:
        if skip_module:
            pytest.skip(f"corpus not found at {corpus_dir()} (set ECSKIT_CORPUS)", allow_module_level=True)
        return []
    return [r for r in rows if r["file"].startswith(kind + "/")]


def corpus_files(kind: str, *, skip_module: bool = True) -> list[Path]:
    """Every document of one kind (a folder of :data:`KINDS`), as the manifest lists them.

    Without a corpus (outside CI) the calling test module is skipped; with ``skip_module=False`` the list is
    empty instead, for modules whose other tests do not need the corpus.
    """
    return [corpus_dir() / r["file"] for r in _rows(kind, skip_module=skip_module)]


def corpus_notes(kind: str) -> dict[str, str]:
    """The manifest's notes of every document of one kind, by file stem (``"021"``)."""
    return {Path(r["file"]).stem: r["notes"] for r in _rows(kind, skip_module=True)}


def corpus_key(path: Path) -> str:
    """A document's name in the corpus, as the manifest writes it: ``ecr-lifecycle/021.json``."""
    return path.relative_to(corpus_dir()).as_posix()


#: What each document of ``ecr-registry/`` is, told from its content and the manifest's notes (the folder mixes
#: the documents of several registry-level calls): ``replication`` (PutReplicationConfiguration's
#: replicationConfiguration), ``registry-policy`` (PutRegistryPolicy's policyText, an IAM policy document),
#: ``scanning-rules`` (the bare ``--rules`` list of put-registry-scanning-configuration), ``scanning-output``
#: (GetRegistryScanningConfiguration output) and ``pull-through-cache`` (CreatePullThroughCacheRule input).
REGISTRY_KINDS: dict[str, str] = {
    "001": "replication",  # the user guide's examples
    "002": "replication",
    "003": "replication",
    "004": "replication",  # the guide's skeleton, with placeholder region and registry id
    "005": "registry-policy",
    "006": "registry-policy",
    "007": "registry-policy",
    "008": "registry-policy",  # one statement only (a fragment)
    "009": "scanning-rules",
    "010": "registry-policy",  # CloudFormation PolicyText values
    "011": "registry-policy",
    "012": "registry-policy",
    "013": "replication",  # CloudFormation ReplicationConfiguration values (PascalCase)
    "014": "replication",
    "015": "scanning-output",
    "016": "pull-through-cache",  # CloudFormation Properties (PascalCase)
}

#: The model each kind of registry document is read as.
REGISTRY_MODELS: dict[str, type[Any]] = {
    "replication": ReplicationConfiguration,
    "registry-policy": PolicyDocument,
    "scanning-rules": PutRegistryScanningConfigurationRequest,
    "scanning-output": GetRegistryScanningConfigurationResponse,
    "pull-through-cache": CreatePullThroughCacheRuleRequest,
}


def registry_input(kind: str, document: Any) -> Any:
    """A registry document as its model reads it: a bare scanning-rules list is the ``rules`` member of
    PutRegistryScanningConfiguration, the rest of which (``--scan-type ENHANCED``) was given on the command line."""
    if kind == "scanning-rules":
        return {"scanType": "ENHANCED", "rules": document}
    return document
