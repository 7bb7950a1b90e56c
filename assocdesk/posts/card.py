"""What an image card shows, as plain data; the UI draws it with Qt (ui/posts/card.py).

The drawing needs Qt's text shaper (Arabic letters join only when shaped), so it lives in the UI;
the core decides the content, so the CLI, the studio and tests agree on what a card says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# (width, height) in pixels: a square post, and a link preview (Open Graph).
CARD_SIZES = {"square": (1080, 1080), "wide": (1200, 630)}


@dataclass(frozen=True)
class Figure:
    value: str  # "264", "15 000 MAD"
    label: str  # "beneficiaries", in the post's language


@dataclass(frozen=True)
class CardContent:
    language: str
    association: str
    title: str
    date: str  # the date (or period, or year) under the title
    figures: list[Figure] = field(default_factory=list)
    hashtag: str = ""
    logo: Path | None = None
    photo: Path | None = None  # only a publishable photo (see privacy.Guard.photo_allowed)

    @property
    def right_to_left(self) -> bool:
        return self.language == "ar"
