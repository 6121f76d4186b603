"""AWS's error texts, as one table: every error code and message (and every reason of a response's ``failures``)
the fake answers with, the operations that answer it, and the public source that shows AWS's text.

>>> from ecskit.texts import TABLE, ecs
>>> ecs.CLUSTER_NOT_FOUND.code, ecs.CLUSTER_NOT_FOUND()
('ClusterNotFoundException', 'Cluster not found.')
>>> TABLE["ecs-cluster-not-found"] is ecs.CLUSTER_NOT_FOUND
True

An entry without a source keeps AWS's form, but its wording is ecskit's: no public copy of AWS's text was found.
The :doc:`/reference/error-texts` page lists the whole table.
"""

from ecskit.texts import ecr, ecs
from ecskit.texts._text import COMMON_ERRORS, TABLE, ErrorText, answering, define

__all__ = ["COMMON_ERRORS", "TABLE", "ErrorText", "answering", "define", "ecr", "ecs"]
