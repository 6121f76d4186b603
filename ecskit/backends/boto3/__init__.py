"""Boto3Backend: the Backend protocol over a boto3 ECS client (real AWS, or anything that speaks its API)."""

from ecskit.backends.boto3.backend import Boto3Backend

__all__ = ["Boto3Backend"]
