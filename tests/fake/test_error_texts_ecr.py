"""Every ECR and ECR Public entry of the table of error texts, answered by the fake through a boto3 client (one
scenario each: :mod:`tests.support.error_scenarios_ecr`)."""

from __future__ import annotations

import pytest

from ecskit.texts import TABLE
from tests.support.error_scenarios_ecr import SCENARIOS
from tests.support.error_texts import check


@pytest.mark.parametrize("entry", sorted(SCENARIOS))
def test_the_fake_answers_with_the_entry(entry: str, monkeypatch: pytest.MonkeyPatch) -> None:
    check(TABLE[entry], SCENARIOS[entry], monkeypatch)
