"""The social platforms and their limits, read from one data file (limits change; code does not).

assocdesk/resources/posts/platforms.json is the only place a limit is written; everything else
asks here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from assocdesk.i18n import _
from assocdesk.package_data import resource

PLATFORMS_FILE = resource("posts", "platforms.json")
COUNTING_KINDS = ("characters", "graphemes", "threads", "x-weighted", "utf8-bytes")
STYLES = ("long", "short", "professional")


class UnknownPlatform(LookupError):
    """A platform key that is not in platforms.json; the message names the known ones."""


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    limit: int
    count: str
    style: str
    best_hashtags: int
    max_hashtags: int | None
    max_links: int | None
    links: bool
    title_limit: int | None = None  # YouTube: a video title besides the description
    title_count: str = "characters"
    thread: bool = False  # X: a text too long may be offered as a numbered thread
    link_in_bio: bool = False  # Instagram: links removed, "link in bio" said instead
    forbidden: str = ""  # characters the platform refuses in a text or a title (YouTube: <>)

    @property
    def hashtag_cap(self) -> int:
        """How many hashtags a post carries: the habit, never above the platform's own cap."""
        if self.max_hashtags is None:
            return self.best_hashtags
        return min(self.best_hashtags, self.max_hashtags)


def _platform(entry: dict[str, object]) -> Platform:
    platform = Platform(
        key=str(entry["key"]),
        name=str(entry["name"]),
        limit=int(entry["limit"]),  # type: ignore[call-overload]
        count=str(entry["count"]),
        style=str(entry["style"]),
        best_hashtags=int(entry.get("best_hashtags", 0)),  # type: ignore[call-overload]
        max_hashtags=entry.get("max_hashtags"),  # type: ignore[arg-type]
        max_links=entry.get("max_links"),  # type: ignore[arg-type]
        links=bool(entry.get("links", True)),
        title_limit=entry.get("title_limit"),  # type: ignore[arg-type]
        title_count=str(entry.get("title_count", "characters")),
        thread=bool(entry.get("thread", False)),
        link_in_bio=bool(entry.get("link_in_bio", False)),
        forbidden=str(entry.get("forbidden", "")),
    )
    counts = (platform.count, platform.title_count)
    if any(kind not in COUNTING_KINDS for kind in counts) or platform.style not in STYLES:
        raise ValueError(f"{PLATFORMS_FILE}: bad count or style for {platform.key}")
    return platform


@cache
def all_platforms() -> tuple[Platform, ...]:
    """Every platform, in the order of the data file (the order the studio shows them)."""
    data = json.loads(PLATFORMS_FILE.read_text(encoding="utf-8"))
    return tuple(_platform(entry) for entry in data["platforms"])


def platform_keys() -> tuple[str, ...]:
    return tuple(p.key for p in all_platforms())


def get_platform(key: str) -> Platform:
    for platform in all_platforms():
        if platform.key == key:
            return platform
    raise UnknownPlatform(
        _("Unknown platform {name}; choose one of: {known}.").format(
            name=key, known=", ".join(platform_keys())
        )
    )
