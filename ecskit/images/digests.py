"""Content digests, as registries compute them: ``sha256:`` and the hex of the SHA-256 of the exact bytes.

An image's digest is the digest of its manifest's bytes, exactly as pushed (a manifest re-serialised with other
whitespace is another image): https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests. ECR
checks digests against its ``LayerDigest`` pattern, ``[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+`` (ECR API reference).
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["DIGEST_PATTERN", "is_digest", "manifest_digest", "sha256_digest"]

#: ECR's pattern of a digest: an algorithm, a colon, hex (the API reference's ``[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+``).
DIGEST_PATTERN = re.compile(r"[a-zA-Z0-9_+.-]+:[a-fA-F0-9]+")


def sha256_digest(data: bytes) -> str:
    """``sha256:<hex>`` of ``data``.

    >>> sha256_digest(b"")
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest_digest(manifest: str) -> str:
    """The digest of a manifest text: the SHA-256 of its UTF-8 bytes, as pushed (the image's digest)."""
    return sha256_digest(manifest.encode("utf-8"))


def is_digest(value: str) -> bool:
    """Whether ``value`` fits ECR's pattern of a digest (any algorithm; hex of any length).

    >>> is_digest("sha256:0a1b"), is_digest("latest"), is_digest("sha256:xyz")
    (True, False, False)
    """
    return DIGEST_PATTERN.fullmatch(value) is not None
