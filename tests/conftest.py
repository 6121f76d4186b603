"""Shared test configuration: hypothesis profiles and the location of the shared corpus."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("ECSKIT_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
