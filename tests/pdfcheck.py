"""Reading generated PDFs back in tests: their text, and how Arabic was really drawn.

pypdf returns the characters as drawn (Arabic presentation forms = shaped letters);
pdfium returns the text in reading order with each character's box, which shows whether
a word was drawn right to left (its first letter rightmost). Both rebuild the order of words in
mixed Arabic/Latin lines by guesswork (one gives "بنعلي أحمد", the other glues "50" to the next
word), so checks are made word by word: letters within a word always come back in order.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata

import pypdf
import pypdfium2 as pdfium

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def text(pdf: bytes) -> str:
    """All pages' text (pypdf), whitespace folded, compatibility forms kept."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def plain(pdf: bytes) -> str:
    """The text with shaped Arabic letters folded back to ordinary letters (for searching)."""
    return unicodedata.normalize("NFKC", text(pdf)).replace("\u200f", "")


def has_words(pdf: bytes, phrase: str) -> bool:
    """Every word of ``phrase`` is in the document (order aside: see the module docstring)."""
    found = set(re.findall(r"[\w.,/-]+", plain(pdf)))
    content = plain(pdf)
    return all(word in found or word in content for word in phrase.split())


def is_shaped(pdf: bytes) -> bool:
    return bool(PRESENTATION_FORMS.search(text(pdf)))


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def drawn_right_to_left(pdf: bytes, word: str, page: int = 0) -> bool:
    """True when ``word`` (as typed) is drawn from right to left on the page: each letter to
    the left of the one typed before it, the way Arabic is read."""
    assert " " not in word, "one word at a time (see the module docstring)"
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page].get_textpage()
        chars = textpage.get_text_range(0, textpage.count_chars())
        start = chars.find(word)
        if start < 0:
            raise AssertionError(f"{word!r} not found on page {page}")
        lefts = [textpage.get_charbox(start + i)[0] for i in range(len(word))]
    finally:
        document.close()
    # A ligature (lam-alef) is one glyph for two letters: they share a box.
    return lefts[0] > lefts[-1] and all(a >= b for a, b in itertools.pairwise(lefts))


def info(pdf: bytes) -> dict[str, object]:
    """The PDF's information dictionary (/Title, /Author, /CreationDate …) and its catalog's
    /Lang, as pypdf reads them (dates as datetimes)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    meta = reader.metadata or {}
    return {
        "title": meta.get("/Title"),
        "author": meta.get("/Author"),
        "creator": meta.get("/Creator"),
        "created": reader.metadata.creation_date if reader.metadata else None,
        "lang": reader.trailer["/Root"].get("/Lang"),
    }


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font named in the document's pages (and the forms they draw), by its /BaseFont,
    and whether its program is embedded (a FontFile, FontFile2 or FontFile3 in its descriptor,
    or a Type3 font, drawn by the PDF itself)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: dict[str, bool] = {}
    seen: set[int] = set()

    def visit(resources: object) -> None:
        resources = _resolved(resources)
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (_resolved(resources.get("/Font")) or {}).values():
            font = _resolved(font)
            found[str(font.get("/BaseFont", font.get("/Subtype")))] = _embedded(font)
        for xobject in (_resolved(resources.get("/XObject")) or {}).values():
            xobject = _resolved(xobject)
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def _resolved(value: object) -> object:
    return value.get_object() if hasattr(value, "get_object") else value


def _embedded(font: object) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = _resolved(font["/DescendantFonts"][0])
    descriptor = _resolved(font.get("/FontDescriptor")) or {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
