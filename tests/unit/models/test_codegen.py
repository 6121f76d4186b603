"""The generated models are what tools/codegen.py makes from the installed botocore model."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import botocore
import pytest

from ecskit.codec import _wire_ecs

ROOT = Path(__file__).resolve().parents[3]


def _codegen() -> object:
    spec = importlib.util.spec_from_file_location("ecskit_codegen", ROOT / "tools" / "codegen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ecskit_codegen"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_modules_are_current() -> None:
    if botocore.__version__ != _wire_ecs.BOTOCORE_VERSION:
        pytest.skip(
            f"models were generated from botocore {_wire_ecs.BOTOCORE_VERSION}, botocore {botocore.__version__} "
            "is installed: install the test extra (which pins it) to compare"
        )
    codegen = _codegen()
    stale = codegen.stale(codegen.generate())  # type: ignore[attr-defined]
    assert not stale, f"regenerate with `nox -s codegen`: {[str(p.relative_to(ROOT)) for p in stale]}"


def test_snake_case_names() -> None:
    codegen = _codegen()
    snake = codegen.snake  # type: ignore[attr-defined]
    assert snake("enableECSManagedTags") == "enable_ecs_managed_tags"
    assert snake("sizeInGiB") == "size_in_gib"
    assert snake("memoryGiBPerVCpu") == "memory_gib_per_vcpu"
    assert snake("bindIP") == "bind_ip"
    assert snake("Key") == "key"
