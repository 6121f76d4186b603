"""An ECR lifecycle policy on the fake: images pushed as docker pushes them, five days apart; a policy built,
previewed and set; a day of virtual time; what is gone.

Run: ``python examples/ecr_lifecycle.py``
"""

from __future__ import annotations

from ecskit.backends.fake import FakeBackend
from ecskit.builders import lifecycle_policy
from ecskit.images import TestImage, push_image

fake = FakeBackend()
ecr = fake.client("ecr")
ecr.create_repository(repositoryName="web")
for n, tag in enumerate(["v1", None, "v2", "release-1", None, "v3"]):
    push_image(fake, TestImage(seed=f"build-{n}"), repository="web", tag=tag)
    fake.advance(5 * 24 * 3600)
policy = lifecycle_policy().keep_last(9999, tag_patterns=["release-*"]).keep_last(1, tag_patterns=["v*"])
ecr.put_lifecycle_policy(repositoryName="web", lifecyclePolicyText=policy.expire_untagged_after(days=7).text())
ecr.start_lifecycle_policy_preview(repositoryName="web")
ecr.get_waiter("lifecycle_policy_preview_complete").wait(repositoryName="web")
for result in ecr.get_lifecycle_policy_preview(repositoryName="web")["previewResults"]:
    print(f"will expire (rule {result['appliedRulePriority']}):", result.get("imageTags", ["<untagged>"]))
fake.advance(24 * 3600)
left = ecr.describe_images(repositoryName="web")["imageDetails"]
print("a day later the repository holds:", sorted(tuple(i.get("imageTags", ["<untagged>"])) for i in left))
