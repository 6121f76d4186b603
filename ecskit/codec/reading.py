"""Documents in every form they are kept in: a model, the API's dict, JSON text, or a JSON file.

Every ecskit function that takes a document (the ``validate_*`` functions, the diffs) reads it here, so every form
is read the same way and with the same errors:

* a model instance of the class asked for is checked with :func:`~ecskit.codec.check` (a model built in Python
  is held to the same shape as a document), a model of another class is a :class:`~ecskit.errors.UsageError`;
* a ``Mapping`` is read with :func:`~ecskit.codec.from_api`;
* ``str`` and ``bytes`` are JSON text, and an ``os.PathLike`` names a JSON file (a plain ``str`` is never a
  path: ``Path("td.json")`` is).

A document that does not fit is a :class:`~ecskit.errors.ConversionError` listing every bad field, text that is not
JSON one with the code ``not-json``; a file that cannot be read (missing, no permission, not a regular file, larger
than :data:`MAX_DOCUMENT_BYTES`) is a :class:`~ecskit.errors.UsageError`, since there is no document to report on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from typing import Any, TypeAlias, TypeVar

import attrs

from ecskit._text import shown_path
from ecskit.codec._jsontext import read_json
from ecskit.codec.checks import checked
from ecskit.codec.convert import Unknown, from_api
from ecskit.errors import UsageError

__all__ = ["MAX_DOCUMENT_BYTES", "Document", "load_document", "read_document", "read_file"]

T = TypeVar("T")

#: The largest document file ecskit reads (a describe-images output of thousands of images is a few MiB).
MAX_DOCUMENT_BYTES = 32 * 2**20

#: A document in a form other than a model: the API's dict, JSON text (``str``/``bytes``) or a JSON file.
Document: TypeAlias = Mapping[str, Any] | str | bytes | os.PathLike[str]


def read_file(path: os.PathLike[str] | str) -> bytes:
    """The bytes of a document file, or a :class:`~ecskit.errors.UsageError` (``NAME: cannot read: ...``, on one
    line whatever the name holds) when it is missing, unreadable, not a regular file (a directory, a FIFO, a device:
    reading ``/dev/zero`` would never end, a FIFO could wait forever for a writer) or larger than
    :data:`MAX_DOCUMENT_BYTES`."""
    name = shown_path(os.fspath(path))
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused below); regular files ignore it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UsageError(f"{name}: cannot read: {_kind(mode)}, not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_DOCUMENT_BYTES and (chunk := os.read(fd, MAX_DOCUMENT_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UsageError(f"{name}: cannot read: larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
    return data


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device")]
    kinds += [(stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "a special file")


def load_document(value: object, target: str) -> object:
    """The parsed JSON of a file or of JSON text, a ``Mapping`` as a ``dict``, anything else as it is.

    ``target`` names what the document is read as, in a :class:`~ecskit.errors.ConversionError` for text that is
    not JSON.
    """
    if isinstance(value, os.PathLike):
        value = read_file(value)
    if isinstance(value, str | bytes):
        return read_json(value, target)
    if isinstance(value, Mapping) and not isinstance(value, dict):
        return dict(value)
    return value


def read_document(value: object, cls: type[T], *, unknown: Unknown = "error") -> T:
    """An instance of the model class ``cls`` from any form of it (see the module docstring).

    >>> from ecskit.models.ecs import PortMapping
    >>> read_document('{"containerPort": 80}', PortMapping)
    PortMapping(container_port=80)
    """
    if isinstance(value, cls):
        return checked(value, unknown=unknown)
    if attrs.has(type(value)):
        raise UsageError(f"expected a {cls.__name__} (or its dict, JSON text or file), got a {type(value).__name__}")
    return from_api(load_document(value, cls.__name__), cls, unknown=unknown)
