"""Where the shared corpus of real ECS/ECR documents lives, and how to list it."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def corpus_dir() -> Path:
    """The corpus folder: $ECSKIT_CORPUS, or ../shared/corpus beside the checkout (as CI lays it out)."""
    return Path(os.environ.get("ECSKIT_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_files(kind: str) -> list[Path]:
    """Every document of one kind (``taskdefs``, ``services``, ``ecr-lifecycle``), as the manifest lists them."""
    folder = corpus_dir()
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"the corpus is missing in CI: {manifest}")
        pytest.skip(f"corpus not found at {folder} (set ECSKIT_CORPUS)", allow_module_level=True)
    with manifest.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [folder / r["file"] for r in rows if r["file"].startswith(kind + "/")]
