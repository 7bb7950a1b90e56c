"""Values as people type them in a spreadsheet: dates, amounts, phone numbers, names.

Each parser takes a cell (text from a CSV, or a typed value from XLSX: ``datetime``, ``int``,
``float``) and returns the value to store, or raises :class:`ValueProblem` whose message is
translated and says what was expected. They accept, among others:

- dates: 21/11/2026, 21-11-26, 21.11.2026, 2026-11-21, Excel serial numbers (46347), real
  XLSX dates, and month names in Arabic (Mashreq and Maghreb) and French: "21 نوفمبر 2026",
  "21 نونبر 2026", "21 تشرين الثاني 2026", "21 novembre 2026", in Arabic-Indic digits too;
- amounts: "1 500,50", "1.500,50", "1,500.50", "١٥٠٠", with a currency around them
  (د.م., DH, MAD, DA, دج, €, TND …), which is also returned so a wrong currency is noticed;
- phone numbers with spaces, dots, dashes, "+212", "00212", Arabic-Indic digits;
- names as "BENALI Ahmed" or "Benali, Ahmed" (reordered to "Ahmed BENALI"), or in two columns;
- yes/no as people tick a column: oui/non, o/n, yes/no, y/n, true/false, vrai/faux, نعم/لا,
  1/0, x, ✓, ✔ (an empty cell is "no": it is never read);
- dates of birth as other dates, a two-digit year read as the latest past one ("05/03/30" is 1930).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from assocdesk.errors import UserError
from assocdesk.i18n import _
from assocdesk.text.clean import clean_single_line
from assocdesk.text.money import AmountError, currency_decimals, known_currencies, parse_amount
from assocdesk.text.normalize import normalize_for_search

_DIGITS = str.maketrans(
    {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
)
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug included)
SERIAL_RANGE = (20_000, 80_000)  # 1954 … 2119: a number outside is not a date
TWO_DIGIT_YEAR_AHEAD = 10  # "21-11-35" is 2035 until 2025, then 1935


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII ones (ASCII text has none: left as it is)."""
    return text if text.isascii() else text.translate(_DIGITS)


class ValueProblem(UserError, ValueError):
    """A cell that cannot be read as what its column holds; the message is translated."""


# Month names, normalized (normalize_for_search) → month number.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier janv jan january يناير جانفي كانون الثاني",
        "fevrier fevr fev february feb فبراير فيفري شباط",
        "mars mar march مارس اذار",
        "avril avr april apr ابريل افريل نيسان",
        "mai may ماي مايو ايار",
        "juin jun june يونيو يونيه جوان حزيران",
        "juillet juil jul july يوليو يوليوز جويلية تموز",
        "aout aou august aug غشت اغسطس اوت اب",
        "septembre sept sep september شتنبر سبتمبر ايلول",
        "octobre oct october اكتوبر تشرين الاول",
        "novembre nov november نونبر نوفمبر تشرين الثاني",
        "decembre dec december دجنبر ديسمبر كانون الاول",
    ),
    start=1,
):
    for _name in normalize_for_search(_names).split():
        _MONTHS.setdefault(_name, _number)
# Two-word Mashreq names: "كانون الثاني" is January, "تشرين الثاني" November.
_TWO_WORD_MONTHS = {
    "كانون الثاني": 1,
    "كانون الاول": 12,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
}
_ONE_WORD_AMBIGUOUS = {"كانون", "تشرين"}


def _today() -> date:
    return date.today()


def _year(text: str, ahead: int = TWO_DIGIT_YEAR_AHEAD) -> int:
    year = int(text)
    if len(text) <= 2:
        century_now = _today().year // 100 * 100
        year += century_now
        if year > _today().year + ahead:
            year -= 100
    return year


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueProblem(_("This date does not exist.")) from exc


def _not_a_date() -> ValueProblem:
    return ValueProblem(_("This is not a date (example: 21/11/2026)."))


def parse_date(
    value: object,
    ahead: int = TWO_DIGIT_YEAR_AHEAD,
    serials: tuple[int, int] = SERIAL_RANGE,
) -> date:
    """A date from any of the forms in the module's docstring; day before month when numeric.

    ``ahead``: how many years past this one a two-digit year may reach; ``serials``: the Excel
    serial numbers taken as dates.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value), serials)
    text = _ascii_digits(clean_single_line(str(value)))
    if not text or len(text) > 60:
        raise _not_a_date()
    if re.fullmatch(r"\d{1,5}(\.\d+)?", text) and (len(text) >= 5 or serials != SERIAL_RANGE):
        return _from_serial(float(text), serials)
    match = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text
    )
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(
        r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?", text
    )
    if match:
        return _make_date(_year(match[3], ahead), int(match[2]), int(match[1]))
    return _date_with_month_name(text, ahead)


def parse_birth_date(value: object) -> date:
    """A date of birth: as :func:`parse_date`, but nobody is born in the future, so a two-digit
    year is the latest past one, and any Excel serial up to today's is a date (1940 is 14611,
    below the range taken for other dates). Whether it is plausible is the service's check."""
    today = _today()
    return parse_date(value, ahead=0, serials=(1, (today - EXCEL_EPOCH).days))


def _from_serial(serial: float, serials: tuple[int, int] = SERIAL_RANGE) -> date:
    if not serials[0] <= serial <= serials[1]:
        raise _not_a_date()
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _date_with_month_name(text: str, ahead: int = TWO_DIGIT_YEAR_AHEAD) -> date:
    words = [re.sub(r"^(\d{1,2})(er|e|eme)$", r"\1", w) for w in normalize_for_search(text).split()]
    numbers = [w for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    month = None
    joined = " ".join(names)
    for phrase, number in _TWO_WORD_MONTHS.items():
        if phrase in joined:
            month = number
    if month is None:
        known = [_MONTHS[w] for w in names if w in _MONTHS and w not in _ONE_WORD_AMBIGUOUS]
        if len(set(known)) == 1:
            month = known[0]
    if month is None or len(numbers) != 2:
        raise _not_a_date()
    day_text, year_text = numbers if len(numbers[0]) <= 2 else numbers[::-1]
    if len(day_text) > 2:
        raise _not_a_date()
    return _make_date(_year(year_text, ahead), month, int(day_text))


# --- amounts ---------------------------------------------------------------------------------

# Currency marks as written around amounts (normalized: lower case, no dots or spaces) → code.
_CURRENCY_MARKS = {
    "دم": "MAD",
    "درهم": "MAD",
    "dh": "MAD",
    "dhs": "MAD",
    "mad": "MAD",
    "da": "DZD",
    "dzd": "DZD",
    "دج": "DZD",
    "دينار": None,  # Algerian, Tunisian …: the column's currency decides
    "tnd": "TND",
    "دت": "TND",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "usd": "USD",
    "egp": "EGP",
    "جم": "EGP",
    "sar": "SAR",
    "رس": "SAR",
    "ريال": "SAR",
}
_MARK_PATTERN = re.compile(
    r"د\.?\s?م\.?|د\.?\s?ج\.?|د\.?\s?ت\.?|ج\.?\s?م\.?|ر\.?\s?س\.?|[^\d\s.,'\u066b\u066c+-]+"
)


def parse_money(value: object, currency: str) -> tuple[Decimal, str | None]:
    """(amount, currency written in the cell or None); ``currency`` decides "1,500" vs 1.5."""
    if isinstance(value, bool):
        raise ValueProblem(_("This is not an amount (example: 1500 or 1500.50)."))
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        try:
            return Decimal(repr(value)), None
        except InvalidOperation as exc:
            raise ValueProblem(_("This is not an amount (example: 1500 or 1500.50).")) from exc
    text = _ascii_digits(clean_single_line(str(value)))
    if len(text) > 60:
        raise ValueProblem(_("This is not an amount (example: 1500 or 1500.50)."))
    written: str | None = None
    for mark in _MARK_PATTERN.findall(text):
        key = re.sub(r"[\s.]", "", mark).lower()
        if key not in _CURRENCY_MARKS:
            raise ValueProblem(_("This is not an amount (example: 1500 or 1500.50)."))
        written = _CURRENCY_MARKS[key] or written
    number = _MARK_PATTERN.sub("", text).strip().strip(".")
    _refuse_zero_group(number, written or currency)
    try:
        amount = parse_amount(number, written or currency)
    except AmountError as exc:
        raise ValueProblem(_("This is not an amount (example: 1500 or 1500.50).")) from exc
    return amount, written


# "0,500" and "0.001": a lone separator then three digits is read as grouping thousands in a
# currency without three decimals ("1,500" dirhams), but nobody writes a thousand as "0,500".
_ZERO_GROUP = re.compile(r"[+-]?0\d{0,2}(?:[.,]\d{3})+")


def _refuse_zero_group(number: str, currency: str) -> None:
    """Refuse an amount that would be read as thousands while its first group is zero.

    Read as thousands, "0,500" would store 500 and "0.001" 1 without a word; read as decimals,
    they have more decimals than the currency has. Either way the person must look at it.
    """
    if not _ZERO_GROUP.fullmatch(number) or currency not in known_currencies():
        return
    if currency_decimals(currency) == 3:
        return  # "0,500" dinars is half a dinar, read as such by parse_amount
    raise ValueProblem(
        _("This amount has too many decimals for {currency} (example: 0.50).").format(
            currency=currency
        )
    )


# --- phones, e-mails, names, numbers -----------------------------------------------------------

_NOT_A_DIGIT = re.compile(r"\D")
_NOT_IN_A_PHONE = re.compile(r"[^\d\s+().\-/]")
_BETWEEN_GROUPS = re.compile(r"[^\d+]+")
_PLUS_IN_GROUPS = re.compile(r"\s*\+\s*")


def parse_phone(value: object) -> str:
    """A phone number as stored: digits (ASCII), a leading + kept, single spaces between groups."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _ascii_digits(clean_single_line(str(value)))
    number = text[1:] if text[:1] == "+" else text
    packed = number.replace(" ", "")
    if packed.isdigit() and packed.isascii() and number[:1] != " " and text[:2] != "00":
        # Short cut (an import reads a phone per row): ASCII digits in groups (the cleaning
        # left single spaces), maybe after a "+", are already written as they are stored.
        if not 6 <= len(packed) <= 15:
            raise ValueProblem(_("This is not a phone number (example: +212 6 12 34 56 78)."))
        return text
    return _phone_as_stored(text)


def _phone_as_stored(text: str) -> str:
    """:func:`parse_phone` of a cleaned text with ASCII digits, by its general definition."""
    if text.startswith("00"):
        text = "+" + text[2:]
    digits = _NOT_A_DIGIT.sub("", text)
    if not 6 <= len(digits) <= 15 or _NOT_IN_A_PHONE.search(text):
        raise ValueProblem(_("This is not a phone number (example: +212 6 12 34 56 78)."))
    groups = _BETWEEN_GROUPS.sub(" ", text).strip()
    return ("+" if groups.startswith("+") else "") + _PLUS_IN_GROUPS.sub("", groups)


def parse_email(value: object) -> str:
    return clean_single_line(str(value)).lower()


def _is_upper_word(word: str) -> bool:
    """At least two letters, all capitals ("BENALI"; not "Ahmed", "A." or "أحمد")."""
    if word.isascii():  # in ASCII, cased characters and letters are the same
        return word.isupper() and sum(ch.isalpha() for ch in word) >= 2
    letters = 0
    for ch in word:
        if ch.isalpha():
            if not ch.isupper():
                return False
            letters += 1
    return letters >= 2


def person_name(value: object) -> str:
    """ "BENALI Ahmed" and "Benali, Ahmed" → "Ahmed BENALI" / "Ahmed Benali"; others as typed.

    Arabic names (no letter case) are kept as they are: their order is already the usual one.
    """
    text = clean_single_line(str(value))
    if "," in text and text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        if last and first:
            return f"{first} {last}"
    words = text.split(" ")
    leading = 0
    while leading < len(words) and _is_upper_word(words[leading]):
        leading += 1
    if 0 < leading < len(words) and not any(_is_upper_word(w) for w in words[leading:]):
        return " ".join(words[leading:] + words[:leading])
    return text


def full_name(first: object, last: object) -> str:
    return " ".join(
        part
        for part in (clean_single_line(str(first or "")), clean_single_line(str(last or "")))
        if part
    )


def parse_count(value: object) -> int:
    """A whole number of people (beneficiaries)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = re.sub(r"[\s\u00a0\u202f]", "", _ascii_digits(clean_single_line(str(value))))
    if not re.fullmatch(r"\d{1,9}", text):
        raise ValueProblem(_("This is not a whole number."))
    return int(text)


# Yes and no as typed in a ticked column (normalized as search does: case, accents, hamza).
_YES = {
    normalize_for_search(word)
    for word in ["oui", "o", "yes", "y", "true", "vrai", "نعم", "1", "x", "✓", "✔", "☑", "✅"]
    if normalize_for_search(word)
}
_NO = {normalize_for_search(word) for word in ["non", "n", "no", "false", "faux", "لا", "0"]}
_TICKS = frozenset("✓✔☑✅")  # symbols that normalization would erase


def parse_yes_no(value: object) -> bool:
    """True or False from a cell ticked as people tick (see the module's docstring)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _ascii_digits(clean_single_line(str(value))).replace("\ufe0f", "")  # emoji style
    if text in _TICKS:
        return True
    key = normalize_for_search(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueProblem(_("Write yes or no (oui/non, نعم/لا, 1/0, x)."))


def cell_text(value: object) -> str:
    """Any cell as text, as a person would read it (12.0 from XLSX is "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value)
