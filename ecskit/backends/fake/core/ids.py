"""Deterministic ids and ARNs: the same seed gives the same ids, so docs and tests can show them.

Ids come from a hash of (seed, counter): the whole state of the factory is one number, easy to save.
"""

from __future__ import annotations

import hashlib

__all__ = ["IdFactory", "arn"]


class IdFactory:
    """Makes ECS-style ids (32 hex digits for tasks and container instances, UUIDs for deployments, ...)."""

    def __init__(self, seed: int = 0, counter: int = 0) -> None:
        self.seed = seed
        #: How many ids were made so far (the factory's whole state, with the seed).
        self.counter = counter

    def _next(self) -> str:
        self.counter += 1
        return hashlib.sha256(f"{self.seed}:{self.counter}".encode()).hexdigest()

    def hex32(self) -> str:
        """A task or container instance id: 32 hex digits."""
        return self._next()[:32]

    def uuid(self) -> str:
        """A UUID in its usual 8-4-4-4-12 form."""
        h = self._next()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:32]}"

    def ec2_instance_id(self) -> str:
        """An EC2 instance id: ``i-`` and 17 hex digits."""
        return "i-" + self._next()[:17]


def arn(region: str, account: str, resource: str, *, service: str = "ecs") -> str:
    """``arn:aws:<service>:<region>:<account>:<resource>``."""
    return f"arn:aws:{service}:{region}:{account}:{resource}"
