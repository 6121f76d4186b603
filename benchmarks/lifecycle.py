"""Cost of the offline lifecycle policy preview, and how it grows with the repository, side by side in one run.

A repository of 10,000 images (tagged release, version, branch, pull-request and commit images, a third untagged,
some pulled, some archived, pushed over a year) and a 10-rule policy (keep rules, age rules, tag lists with
wildcards and with several entries, archiving and expiring archived images, a catch-all last). Timed in
interleaved rounds:

* ``describe``: reading the repository's DescribeImages pages (1,000 images a page) through the typed API: on the
  fake when it serves DescribeImages, else what every backend does with the pages AWS sends, reading them into
  :class:`~ecskit.models.ecr.DescribeImagesResponse` models (``from_api``, as Boto3Backend does) — the yardstick;
* ``preview``: :func:`ecskit.lifecycle.preview` of the policy on those pages' image details (reading them,
  evaluating every rule, the previewResults and summary);
* ``preview 1k``: the same on the repository's first 1,000 images.

Printed: the medians and the ratios ``preview / describe`` (target: at most 3) and ``preview / preview 1k``
(target: at most 15; 10 would be linear, 100 quadratic).

Run: ``python benchmarks/lifecycle.py [--rounds N] [--images 10000]``
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from typing import Any

from _rounds import Runner, medians

from ecskit.backends.fake import FakeBackend
from ecskit.builders import lifecycle_policy
from ecskit.codec import from_api
from ecskit.lifecycle import preview
from ecskit.models.ecr import DescribeImagesRequest, DescribeImagesResponse, ImageDetail
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.operations import operation_of

NOW = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
PAGE = 1000


def policy() -> LifecyclePolicy:
    """Ten rules, keep rules first, a rule on every image last."""
    return (
        lifecycle_policy()
        .keep_last(50, tag_patterns=["release-*"])
        .keep_last(30, tag_prefixes=["v"])
        .keep_last(20, tag_patterns=["main-*", "*-sha-*"])
        .expire_after(14, tag_prefixes=["pr-"])
        .keep_last(10, tag_patterns=["feature-*-sha-*"])
        .expire_untagged_after(days=7)
        .archive_after(60, not_pulled=True, tag_patterns=["*-nightly"])
        .expire_after(30, tag_patterns=["*test*"])
        .expire_archived_after(180)
        .expire_after(days=90)
        .build()
    )


def detail(n: int, rng: random.Random) -> dict[str, Any]:
    """The DescribeImages imageDetails entry of image ``n``."""
    pushed = NOW - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
    kind = rng.randrange(10)
    tags: list[str] = []
    if kind == 0:
        tags = [f"release-{n}", f"v{n // 100}.{n % 100}"]
    elif kind == 1:
        tags = [f"main-{n}", f"main-sha-{n:08x}"]
    elif kind == 2:
        tags = [f"pr-{n}", f"pr-{n}-test"]
    elif kind == 3:
        tags = [f"feature-{n % 17}-sha-{n:06x}"]
    elif kind == 4:
        tags = [f"{n}-nightly"]
    elif kind in (5, 6):
        tags = [f"build-{n}"]
    entry: dict[str, Any] = {
        "registryId": "123456789012",
        "repositoryName": "bench",
        "imageDigest": f"sha256:{n:064x}",
        "imageSizeInBytes": 10_000_000 + n,
        "imagePushedAt": pushed.isoformat(),
        "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
    }
    if tags:
        entry["imageTags"] = tags
    if rng.random() < 0.3:
        entry["lastRecordedPullTime"] = (pushed + datetime.timedelta(days=rng.randrange(30))).isoformat()
    if rng.random() < 0.05:
        entry["imageStatus"] = "ARCHIVED"
        entry["lastArchivedAt"] = (pushed + datetime.timedelta(days=rng.randrange(60))).isoformat()
    return entry


def pages(count: int, seed: int) -> list[dict[str, Any]]:
    """DescribeImages output for ``count`` images, as AWS pages it (1,000 a page)."""
    rng = random.Random(seed)
    details = [detail(n, rng) for n in range(count)]
    return [
        {"imageDetails": details[i : i + PAGE], **({"nextToken": f"t{i}"} if i + PAGE < count else {})}
        for i in range(0, count, PAGE)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="offline lifecycle preview against reading DescribeImages pages")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rules = policy()
    raw = pages(args.images, args.seed)
    typed = [from_api(p, DescribeImagesResponse) for p in raw]
    details: list[ImageDetail] = [d for page in typed for d in page.image_details or ()]
    small = details[: args.images // 10]
    fake = FakeBackend()
    on_fake = fake.serves(operation_of(DescribeImagesRequest))

    def describe() -> None:
        if on_fake:
            request = DescribeImagesRequest(repository_name="bench", max_results=PAGE)
            for _ in fake.paginate(request):
                pass
        else:
            for page in raw:
                from_api(page, DescribeImagesResponse)

    if on_fake:  # the same images in the fake's repository
        from ecskit.backends.fake.core.ecr_seed import seed_image, seed_repository

        repo = seed_repository(fake.records(), "bench", now=NOW)
        for d in details:
            seed_image(repo, tags=d.image_tags or (), pushed_at=d.image_pushed_at or NOW)

    def preview_all() -> None:
        preview(rules, details, now=NOW)

    def preview_small() -> None:
        preview(rules, small, now=NOW)

    result = preview(rules, details, now=NOW)
    runners: dict[str, Runner] = {"describe": describe, "preview": preview_all, "preview 1k": preview_small}
    med = medians(runners, args.rounds, shuffle=True, quiet_gc=True)
    yardstick = "the fake's DescribeImages (typed API)" if on_fake else "DescribeImages pages read as typed models"
    print(
        f"{args.images:,} images, a {len(rules.rules)}-rule policy "
        f"({result.summary.expiring_image_total_count:,} expire, "
        f"{sum(c.image_total_count or 0 for c in result.summary.transitioning_image_total_counts or ())} archived); "
        f"{args.rounds} interleaved rounds, medians:"
    )
    for name, seconds in med.items():
        print(f"  {name:11} {seconds * 1000:8.1f} ms")
    print(f"describe: {yardstick}")
    print(f"preview / describe:   {med['preview'] / med['describe']:5.2f}x (target: at most 3)")
    print(
        f"preview {args.images:,} / {len(small):,} images: {med['preview'] / med['preview 1k']:5.2f}x "
        "(target: at most 15; linear would be 10)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
