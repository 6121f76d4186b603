"""A lifecycle policy read and judged once, for everyone who takes one: the preview, the CLI, the builders and the
fake's ``PutLifecyclePolicy`` and ``StartLifecyclePolicyPreview``.

The judgement is :func:`~ecskit.validation.validate_lifecycle_policy`'s: the policy is refused for its ``api``
findings, and :func:`refusal_message` words the first of them as ECR does. ECR refuses a policy with
``InvalidParameterException`` and the text ``Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint:
'Lifecycle policy validation failure: <detail>'`` (as quoted from real calls, e.g.
https://github.com/cloudposse/terraform-aws-ecr/pull/132: "... 'Lifecycle policy validation failure: instance failed
to match exactly one schema (matched 0 out of 2)"). The detail is the finding's message: AWS's own text where the
validation rule knows it (``Only one rule can select Untagged images per storage class.``, ...), ecskit's words in
AWS's frame otherwise; text that is not a JSON object is ``Could not map policyString into LifecyclePolicy.`` (the
text moto's tests pin for it).
"""

from __future__ import annotations

from typing import Any

from ecskit.codec import Document, load_document, read_document
from ecskit.errors import ConversionError, FieldError
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.validation import Config, Finding, Report, schema_findings, validate_lifecycle_policy

__all__ = ["INVALID_POLICY", "NOT_MAPPED", "PolicyInput", "read_policy", "refusal_message"]

#: The error code of a refused policy.
INVALID_POLICY = "InvalidParameterException"
#: ECR's detail for text that is not a JSON object.
NOT_MAPPED = "Could not map policyString into LifecyclePolicy."

#: A lifecycle policy in any form: the model, its dict, its JSON text (``lifecyclePolicyText``) or a JSON file.
PolicyInput = LifecyclePolicy | Document


def read_policy(policy: PolicyInput, *, config: Config | None = None) -> tuple[LifecyclePolicy | None, Report]:
    """The policy and every finding on it; the policy is None when it could not be read (not JSON, or not of a
    policy's shape: the findings say why). A file that cannot be read is a :class:`~ecskit.errors.UsageError`.

    >>> policy, report = read_policy('{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged",'
    ...     ' "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}')
    >>> print(refusal_message(report.refusals[0]))  # doctest: +NORMALIZE_WHITESPACE
    Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure:
    Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.'
    """
    if isinstance(policy, LifecyclePolicy):
        return policy, validate_lifecycle_policy(policy, config=config)
    try:
        data: Any = load_document(policy, "LifecyclePolicy")
        if not isinstance(data, dict):
            message = f"expected a JSON object with rules, got {type(data).__name__}"
            fix = 'give an object: {"rules": [...]}'
            raise ConversionError(
                "LifecyclePolicy", [FieldError(path="", code="wrong-type", message=message, hint=fix)]
            )
        model = read_document(data, LifecyclePolicy)
    except ConversionError as exc:
        return None, schema_findings(exc, config)
    return model, validate_lifecycle_policy(model, config=config)


def refusal_message(finding: Finding) -> str:
    """ECR's text for refusing a policy for ``finding`` (see the module docstring)."""
    if finding.rule.startswith("schema-"):
        # The whole text unreadable (not JSON, wherever it breaks; not an object) or one member of the wrong shape.
        unreadable = not finding.path or finding.message.startswith("not JSON")
        detail = NOT_MAPPED if unreadable else f"{finding.path}: {finding.message}"
    else:
        detail = finding.message
    return (
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
        f"'Lifecycle policy validation failure: {detail}'"
    )
