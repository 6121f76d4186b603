"""The codec: the only part of ecskit that knows the API's wire names.

* :func:`from_api` / :func:`to_api` convert between models and the dictionaries boto3 takes and returns;
* :func:`from_json` / :func:`to_json` do the same for JSON text (``--cli-input-json`` files, ``describe`` output);
* :func:`check` / :func:`checked` check a model built in Python as strictly as :func:`from_api` checks a document
  (:func:`fits` is the yes/no form, compiled once per class);
* :func:`read_task_definition`, :func:`read_service_request` and :func:`read_document` read a task definition,
  a service or any model from every form it is kept in (a model, the API's dict, JSON text, a JSON file);
* :func:`make_converter` puts all of this inside a cattrs converter, for models kept in your own classes.

Conversion is lossless (``to_api(from_api(d, C)) == d`` for every valid ``d``, ``null`` members aside, which mean
absent) and strict: every bad field is reported at once in one :class:`~ecskit.errors.ConversionError`.
"""

from ecskit.codec.checks import check, checked, fits
from ecskit.codec.convert import Unknown, from_api, from_json, to_api, to_json
from ecskit.codec.integration import make_converter
from ecskit.codec.reading import Document, load_document, read_document
from ecskit.codec.services import ServiceLike, read_service, read_service_request, service_request_from
from ecskit.codec.taskdefs import TaskDefinitionLike, read_task_definition, register_request_from

__all__ = [
    "Document",
    "ServiceLike",
    "TaskDefinitionLike",
    "Unknown",
    "check",
    "checked",
    "fits",
    "from_api",
    "from_json",
    "load_document",
    "make_converter",
    "read_document",
    "read_service",
    "read_service_request",
    "read_task_definition",
    "register_request_from",
    "service_request_from",
    "to_api",
    "to_json",
]
