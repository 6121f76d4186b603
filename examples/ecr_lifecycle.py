"""An ECR lifecycle policy on the fake: a repository of images, a policy built and previewed, a day of virtual time,
and what is gone. The images are put in the fake's records directly (seed_image), not pushed.

Run: ``python examples/ecr_lifecycle.py``
"""

from __future__ import annotations

import datetime

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr_seed import seed_image, seed_repository
from ecskit.builders import lifecycle_policy

fake = FakeBackend()
repo = seed_repository(fake.records(), "web", now=fake.clock.now())
for n, tags in enumerate([("v1",), (), ("v2",), ("release-1",), (), ("v3",)]):
    seed_image(repo, tags=tags, pushed_at=fake.clock.now() - datetime.timedelta(days=30 - 5 * n))
policy = lifecycle_policy().keep_last(9999, tag_patterns=["release-*"]).keep_last(1, tag_patterns=["v*"])
ecr = fake.client("ecr")
ecr.put_lifecycle_policy(repositoryName="web", lifecyclePolicyText=policy.expire_untagged_after(days=7).text())
ecr.start_lifecycle_policy_preview(repositoryName="web")
ecr.get_waiter("lifecycle_policy_preview_complete").wait(repositoryName="web")
for result in ecr.get_lifecycle_policy_preview(repositoryName="web")["previewResults"]:
    print(f"will expire (rule {result['appliedRulePriority']}):", result.get("imageTags", ["<untagged>"]))
fake.advance(24 * 3600)
print("a day later the repository holds:", [image.tags or ["<untagged>"] for image in repo.store.images.values()])
