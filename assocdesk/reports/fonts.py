"""Which font documents use, found in a fixed, documented order.

1. The font file chosen in Settings (AssociationProfile.document_font), if any;
2. Amiri, shipped in assocdesk/resources/fonts (SIL Open Font License): the same glyphs on
   every machine;
3. fonts of the system that have both Arabic and Latin letters: Amiri, DejaVu Sans (Linux),
   Arial, Tahoma (Windows), Arial (macOS).
A font is used only if it has every character documents need (Arabic letters in their joined
forms, Latin letters, digits, brackets, %, /): Debian's Noto Arabic fonts, for instance, have no
Latin letters and would print boxes. No usable font is a clear error, never boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assocdesk.i18n import _
from assocdesk.package_data import resource_path

# (regular, bold) candidates after the Settings override, in order.
CANDIDATES: tuple[tuple[Path, Path], ...] = (
    (resource_path("fonts", "Amiri-Regular.ttf"), resource_path("fonts", "Amiri-Bold.ttf")),
    (
        Path("/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"),
        Path("/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf"),
    ),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (Path("C:/Windows/Fonts/arial.ttf"), Path("C:/Windows/Fonts/arialbd.ttf")),
    (Path("C:/Windows/Fonts/tahoma.ttf"), Path("C:/Windows/Fonts/tahomabd.ttf")),
    (Path("/Library/Fonts/Arial.ttf"), Path("/Library/Fonts/Arial Bold.ttf")),
)

# Characters every document may draw: Arabic letters as joined by arabic_reshaper (presentation
# forms), Latin, digits and the punctuation of amounts, dates, receipt numbers and brackets.
REQUIRED = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى"
    "\ufe8d\ufe8e\ufe91\ufe92\ufee3\ufee4\ufefb\ufefc"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéèàç"
    "0123456789/%()[]-.,:;'"
)


class FontError(Exception):
    """No usable font: the message says which file lacks what, and what to do."""


@dataclass(frozen=True)
class FontPair:
    regular: str  # ReportLab font names, registered
    bold: str
    path: Path


def missing_characters(path: Path) -> str:
    """The REQUIRED characters ``path`` cannot draw ("" when it can draw them all)."""
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(f"probe-{path.stem}", str(path))
    available = font.face.charToGlyph
    return "".join(ch for ch in REQUIRED if ord(ch) not in available)


@cache
def _register(regular: Path, bold: Path) -> FontPair:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"AD-{regular.stem}"
    pdfmetrics.registerFont(TTFont(name, str(regular)))
    bold_name = name
    if bold.is_file():
        bold_name = f"AD-{bold.stem}"
        pdfmetrics.registerFont(TTFont(bold_name, str(bold)))
    pdfmetrics.registerFontFamily(
        name, normal=name, bold=bold_name, italic=name, boldItalic=bold_name
    )
    return FontPair(name, bold_name, regular)


def document_fonts(override: str = "") -> FontPair:
    """The fonts to draw documents with (see the module's docstring for the order)."""
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontError(
                _("The document font {path} chosen in Settings does not exist.").format(path=path)
            )
        missing = missing_characters(path)
        if missing:
            raise FontError(
                _(
                    "The document font {path} chosen in Settings cannot draw these characters: "
                    "{chars}. Choose a font with Arabic and Latin letters (Amiri, DejaVu Sans, "
                    "Arial, Tahoma)."
                ).format(path=path, chars=" ".join(missing[:20]))
            )
        return _register(path, path)
    return _first_usable()


@cache
def _first_usable() -> FontPair:
    for regular, bold in CANDIDATES:
        if regular.is_file() and not missing_characters(regular):
            return _register(regular, bold)
    raise FontError(
        _(
            "No font with both Arabic and Latin letters was found for documents. Choose one in "
            "Settings (for example Amiri, DejaVu Sans, Arial or Tahoma)."
        )
    )
