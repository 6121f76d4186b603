"""Repository creation templates: the settings of the repositories ECR creates on your behalf.

"Amazon ECR repository creation templates give you control to define the settings to use for new repositories
created by Amazon ECR on your behalf" (by a pull through cache rule, by replication, or on a push when the registry
creates repositories on push: the template's ``appliedFor``). The template that applies to a new repository is the
one whose prefix covers its name most closely, ``ROOT`` covering every name no other template covers; a template
that is not applied for the way the repository is being created does not apply (the next shorter prefix may). "When
there isn't a repository creation template that matches ..., Amazon ECR uses the default settings for the new
repository. These default settings include turning off tag immutability, using AES-256 encryption, and not applying
any repository or lifecycle policies." (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html)

A template's settings are applied once, when the repository is created; changing or deleting the template later
changes no repository.
"""

from __future__ import annotations

from typing import Any

from ecskit.backends.fake.core.ecr import PrivateRegistry, RepositoryRecord
from ecskit.backends.fake.core.ecr_prefixes import namespaces
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.engine.ecr_lifecycle import set_policy
from ecskit.backends.fake.engine.ecr_repositories import new_repository
from ecskit.models.ecr import EncryptionConfiguration, ImageTagMutability, RCTAppliedFor, RepositoryCreationTemplate

__all__ = ["create_from_template", "settings_of", "template_for"]


def template_for(registry: PrivateRegistry, name: str, applied_for: RCTAppliedFor) -> RepositoryCreationTemplate | None:
    """The template a repository ``name`` created for ``applied_for`` takes: the longest prefix covering ``name``
    applied for it, then ``ROOT``; None when no template applies."""
    templates = registry.templates
    if not templates:
        return None
    for key in namespaces(name):
        template = templates.get(key)
        if template is not None and applied_for in (template.applied_for or ()):
            return template
    return None


def settings_of(template: RepositoryCreationTemplate, env: Env) -> dict[str, Any]:
    """The members of a new :class:`~ecskit.backends.fake.core.ecr.RepositoryRecord` that ``template`` sets."""
    settings: dict[str, Any] = {
        "tag_mutability": template.image_tag_mutability or ImageTagMutability.MUTABLE,
        "mutability_exclusions": template.image_tag_mutability_exclusion_filters or None,
        "tags": template.resource_tags or (),
        "policy": template.repository_policy or None,
    }
    encryption = template.encryption_configuration
    if encryption is not None:
        settings["encryption"] = EncryptionConfiguration(
            encryption_type=encryption.encryption_type, kms_key=encryption.kms_key
        )
    if template.lifecycle_policy:
        settings["lifecycle_policy"] = template.lifecycle_policy
    return settings


def create_from_template(env: Env, name: str, applied_for: RCTAppliedFor) -> RepositoryRecord:
    """Create the repository ``name`` in ``env``'s registry as ECR does on your behalf (``applied_for`` says how:
    pull through cache, replication, create on push), with the settings of the template that applies
    (:func:`template_for`) or ECR's defaults; it records what created it (``created_by``). A lifecycle policy of the
    template runs from then on, as one PutLifecyclePolicy set."""
    template = template_for(env.state.ecr, name, applied_for)
    settings = settings_of(template, env) if template is not None else {}
    repository = new_repository(env, name, created_by=applied_for.value, **settings)
    text = repository.lifecycle_policy
    if text is not None:  # it runs as one PutLifecyclePolicy set would, and reads as the template has it
        set_policy(env, repository, text)
        repository.lifecycle_policy = text
    return repository
