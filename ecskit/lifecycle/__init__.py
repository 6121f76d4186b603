"""ECR lifecycle policies, evaluated offline: which images a policy expires or archives, by which rule, and which
of them something still runs.

* :func:`preview` is ``StartLifecyclePolicyPreview`` and ``GetLifecyclePolicyPreview`` without a backend: a policy in
  any form, the repository's DescribeImages output, a time, and (optionally) the task definitions, services and
  tasks that use its images; it returns the ``previewResults`` and ``summary`` ECR would show, and a loud
  ``lifecycle-in-use`` warning for every image expired or archived that is still in use. ``ecskit lifecycle
  preview`` is its command line.
* :func:`evaluate` is the evaluator itself (:mod:`~ecskit.lifecycle.evaluate` lists the rules of evaluation it
  follows, each from AWS's user guide); the fake runs policies with it.
* :func:`read_policy` reads a policy and judges it with :func:`~ecskit.validation.validate_lifecycle_policy`;
  :func:`refusal_message` words a refusal as ``PutLifecyclePolicy`` does.

This package sits at the layer of validation: it imports models, the codec and validation, never a backend.
"""

from ecskit.lifecycle.evaluate import Decision, Evaluation, evaluate
from ecskit.lifecycle.images import ImagesInput, LifecycleImage, RepositoryImages, read_images, read_repository
from ecskit.lifecycle.in_use import ImageUse, InUseInput, collect_uses, parse_reference
from ecskit.lifecycle.policy import PolicyInput, read_policy, refusal_message
from ecskit.lifecycle.preview import IN_USE, Preview, preview, preview_result, preview_results, preview_summary

__all__ = [
    "IN_USE",
    "Decision",
    "Evaluation",
    "ImageUse",
    "ImagesInput",
    "InUseInput",
    "LifecycleImage",
    "PolicyInput",
    "Preview",
    "RepositoryImages",
    "collect_uses",
    "evaluate",
    "parse_reference",
    "preview",
    "preview_result",
    "preview_results",
    "preview_summary",
    "read_images",
    "read_policy",
    "read_repository",
    "refusal_message",
]
