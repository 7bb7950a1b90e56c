"""What an Arabic document writes differently by region: the Mashreq's words and its digits.

The UI catalog speaks Maghreb Arabic («وصل», «منخرط», «واجب الانخراط»), the wording of most
users. An association in Egypt, Saudi Arabia, the Levant or the Gulf writes «إيصال», «عضو» and
«الاشتراك» (see the glossary): documents look a message up in :data:`MASHREQ` first, so the
catalog stays one and the region's words are in one short table.

Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) are a setting of the association (``arabic_digits``), applied by
the document's Setup to everything it draws in an Arabic document: text, tables, amounts,
dates, page numbers. Identifiers keep their Latin digits: a receipt number (AML-2024-0005), a
membership number, a phone number, a tax identifier are typed, searched and matched as written,
and a donor or a tax office copying "AML-2024-0005" must find it. They are the values fenced
with ``bidi_text.keep_ltr`` (LRE … PDF), which :func:`indic_digits` leaves as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Arabic-speaking countries that write the Mashreq's words (the rest of the Arab world, the
# Maghreb and Mauritania, writes the catalog's).
MASHREQ_COUNTRIES = frozenset(
    {"EG", "SA", "AE", "QA", "KW", "BH", "OM", "YE", "JO", "LB", "SY", "PS", "IQ", "SD"}
)

# msgid → the Mashreq's Arabic, for the messages of documents that name a receipt, a member or
# dues. Anything not here reads as the catalog says.
MASHREQ: dict[str, str] = {
    "Donation receipt": "إيصال تبرع",
    "Membership dues receipt": "إيصال سداد الاشتراك",
    "Receipt no.": "رقم الإيصال",
    "Receipt {number}": "الإيصال {number}",
    "This receipt replaces receipt {number}, which was voided.": (
        "يحل هذا الإيصال محل الإيصال {number} الذي أُلغي."
    ),
    "Membership no.": "رقم العضوية",
    "Member": "العضو",
    "Members": "الأعضاء",
    "Dues": "الاشتراك",
    "Membership dues": "الاشتراك",
    "Dues for the year": "الاشتراك عن سنة",
    "Dues of the year": "الاشتراك عن سنة",
    "Thank you for your membership and your support.": "نشكركم على عضويتكم ودعمكم.",
    "Membership card": "بطاقة العضوية",
}

LATIN_DIGITS = "0123456789"
INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ARABIC_DECIMAL, ARABIC_GROUP = "\u066b", "\u066c"  # ٫ ٬
_TO_INDIC = str.maketrans(LATIN_DIGITS, INDIC_DIGITS)
LRE, PDF = "\u202a", "\u202c"
_FENCED = re.compile(f"({LRE}[^{PDF}]*{PDF})")


def is_mashreq(country: str | None) -> bool:
    return (country or "").upper() in MASHREQ_COUNTRIES


def regional(message: str, language: str, country: str | None) -> str | None:
    """The region's own wording of ``message`` in ``language``, or None (the catalog's)."""
    if language == "ar" and is_mashreq(country):
        return MASHREQ.get(message)
    return None


def indic_digits(text: str) -> str:
    """``text`` with its digits written ٠١٢٣٤٥٦٧٨٩, except inside keep_ltr fences."""
    if not any(ch in LATIN_DIGITS for ch in text):
        return text
    parts = _FENCED.split(text)
    return "".join(part if part.startswith(LRE) else part.translate(_TO_INDIC) for part in parts)


@lru_cache(maxsize=32)
def _number_pattern(locale: str) -> tuple[re.Pattern[str], str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    marks = re.escape(decimal + group)
    return re.compile(rf"(?<=\d)[{marks}](?=\d)"), decimal, group


def indic_number(text: str, locale: str) -> str:
    """A number or an amount formatted for ``locale`` in Arabic-Indic digits, with the Arabic
    decimal and thousands marks («١٬٥٠٠٫٥٠»): the Latin marks between Arabic-Indic digits
    read as punctuation."""
    pattern, decimal, _group = _number_pattern(locale)

    def mark(match: re.Match[str]) -> str:
        return ARABIC_DECIMAL if match.group() == decimal else ARABIC_GROUP

    return indic_digits(pattern.sub(mark, text))
