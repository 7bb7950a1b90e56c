"""Which column holds which field: the fields of each kind of record, and the first guess.

The guess reads the header in Arabic, French or English ("الاسم", "Nom", "Prénom", "Téléphone",
"المبلغ", "Montant", "Date" …) through the same normalization as search (accents, hamza and case
do not matter), then looks at the values of columns still unmapped (an "@" is an e-mail, digits
with "+212" a phone …). The person corrects it in the wizard; the mapping they chose is then
remembered for the file's layout (its header row and kind), see :func:`layout_key`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assocdesk.i18n import N_
from assocdesk.models import ImportMapping
from assocdesk.spreadsheets import values
from assocdesk.spreadsheets.kinds import NAME_KEYS, ImportKind
from assocdesk.text.normalize import normalize_for_search


@dataclass(frozen=True)
class Field:
    """A field a column can fill. ``parse`` names how its cells are read (see plan.py)."""

    key: str
    label: str  # an N_() message
    parse: str
    aliases: str  # header spellings, space-separated groups by "|"


def _f(key: str, label: str, parse: str, aliases: str) -> Field:
    return Field(key, label, parse, aliases)


NAME = _f(
    "name",
    N_("Full name"),
    "name",
    "name|full name|nom complet|nom et prenom|nom prenom|nom & prenom|prenom et nom|donateur|"
    "donor|adherent|membre|member|volunteer|benevole|الاسم|اسم|الاسم الكامل|الاسم و النسب|"
    "الاسم والنسب|الاسم الكامل و النسب|المتبرع|اسم المتبرع|المنخرط|العضو|المتطوع",
)
FIRST_NAME = _f(
    "first_name",
    N_("First name"),
    "text",
    "first name|firstname|given name|prenom|الاسم الشخصي|الاسم الاول",
)
LAST_NAME = _f(
    "last_name",
    N_("Last name"),
    "text",
    "last name|lastname|surname|family name|nom|nom de famille|النسب|اللقب|اسم العائلة|العائلة",
)
# Who must be protected in what the association publishes: minors, and the consents given.
PROTECTION_FIELDS = (
    _f(
        "date_of_birth",
        N_("Date of birth"),
        "birth_date",
        # No "naissance" or «الازدياد» alone: "Lieu de naissance", «مكان الازدياد» are places.
        "date of birth|birth date|birthdate|date born|born on|dob|d o b|date de naissance|"
        "ne le|nee le|ne e le|ne le e|date naissance|تاريخ الازدياد|تاريخ الميلاد|"
        "تاريخ الولادة|مواليد",
    ),
    _f(
        "is_minor",
        N_("Minor (under 18)"),
        "yes_no",
        "minor|under 18|mineur|mineure|mineur e|moins de 18 ans|قاصر|قاصرة|اقل من 18 سنة",
    ),
    _f(
        "consent_publish_name",
        N_("Agrees to have their name published"),
        "yes_no",
        "consent to publish name|consent to publish the name|publish name|name published|"
        "agrees to have their name published|name consent|accord publication du nom|"
        "accord publication nom|publication du nom|publication nom|publier le nom|"
        "accepte que son nom soit publie|consentement publication du nom|"
        "consentement publication nom|الموافقة على نشر الاسم|نشر الاسم|الموافقة على نشر اسمه",
    ),
    _f(
        "consent_publish_photo",
        N_("Agrees to have their photo published"),
        "yes_no",
        "consent to publish photo|consent to publish the photo|publish photo|photo published|"
        "agrees to have their photo published|photo consent|accord publication photo|"
        "accord publication de la photo|accord publication de photo|publication de la photo|"
        "publication photo|publier la photo|droit a l image|accepte que sa photo soit publiee|"
        "consentement photo|consentement publication photo|الموافقة على نشر الصورة|نشر الصورة|"
        "الموافقة على نشر صورته|الحق في الصورة",
    ),
    _f(
        "consent_contact",
        N_("May be contacted (messages, reminders)"),
        "yes_no",
        "may be contacted|can be contacted|consent to contact|consent to be contacted|"
        "agrees to be contacted|contact consent|accepte d etre contacte|accepte d etre contactee|"
        "accepte d etre contacte e|accord pour etre contacte|accord contact|peut etre contacte|"
        "consentement contact|الموافقة على التواصل|الموافقة على الاتصال|يقبل التواصل|"
        "قبول التواصل|الموافقة على التواصل معه",
    ),
)
# A title and an identity document (issue 16). «اللقب» alone is a family name in the Maghreb
# (LAST_NAME); the export's header «اللقب (السيد، السيدة)» is spelled out whole.
IDENTITY_FIELDS = (
    _f(
        "gender",
        N_("Title (Mr, Mrs)"),
        "gender",
        "title|title mr mrs|civility|civilite|civilite m mme|m mme|mr mrs|gender|sex|sexe|genre|"
        "الجنس|السيد السيدة|اللقب السيد السيدة|الصفة السيد السيدة",
    ),
    _f(
        "id_kind",
        N_("Identity document"),
        "id_kind",
        "identity document|id document|type of id|kind of document|piece d identite|"
        "type de piece|type de piece d identite|وثيقة الهوية|نوع الوثيقة|نوع وثيقة الهوية",
    ),
    _f(
        "id_number",
        N_("Identity number"),
        "identifier",
        "identity number|id number|cin|n cin|numero cin|numero de cin|ice|n ice|numero ice|nif|"
        "nin|siren|rna|passport|passport number|passeport|numero de passeport|"
        "numero d identite|n d identite|numero d identification|matricule fiscal|"
        "رقم البطاقة الوطنية|رقم بطاقة التعريف|رقم بطاقة التعريف الوطنية|رقم الهوية|"
        "رقم الهوية الوطنية|رقم التعريف|رقم جواز السفر|الرقم القومي",
    ),
)
CONTACT_FIELDS = (
    NAME,
    FIRST_NAME,
    LAST_NAME,
    _f(
        "phone",
        N_("Phone"),
        "phone",
        "phone|telephone|tel|mobile|portable|gsm|cell|numero de telephone|الهاتف|هاتف|رقم الهاتف|"
        "الجوال|جوال|المحمول|النقال",
    ),
    _f(
        "email",
        N_("E-mail"),
        "email",
        "email|e mail|mail|courriel|adresse email|adresse mail|البريد الالكتروني|البريد|الايميل",
    ),
    _f("address", N_("Address"), "text", "address|adresse|العنوان|عنوان السكن"),
    _f("city", N_("City"), "text", "city|town|ville|localite|commune|المدينة|مدينة|الجماعة"),
    _f("country", N_("Country code"), "country", "country|pays|البلد|الدولة|بلد"),
    _f(
        "notes",
        N_("Notes"),
        "text",
        "notes|note|remarks|remarques|remarque|observations|observation|commentaire|commentaires|"
        "comments|ملاحظات|ملاحظة",
    ),
    *IDENTITY_FIELDS,
    *PROTECTION_FIELDS,
)
MEMBERSHIP_FIELDS = (
    _f(
        "number",
        N_("Membership no."),
        "text",
        "membership no|membership number|member no|member number|n adherent|numero adherent|"
        "numero d adherent|n d adherent|n carte|numero de carte|رقم الانخراط|رقم العضوية|"
        "رقم المنخرط|"
        "رقم البطاقة",
    ),
    _f(
        "category",
        N_("Category"),
        "text",
        "category|categorie|type d adherent|الفئة|الصفة|نوع العضوية",
    ),
    _f(
        "joined_on",
        N_("Joined on"),
        "date",
        "joined|joined on|date joined|date d adhesion|date adhesion|adhesion|date d inscription|"
        "inscription|تاريخ الانخراط|تاريخ العضوية|تاريخ التسجيل",
    ),
)
VOLUNTEER_FIELDS = (
    _f("skills", N_("Skills"), "list", "skills|competences|competence|المهارات|مهارات|الكفاءات"),
    _f(
        "volunteer_since",
        N_("Volunteer since"),
        "date",
        "volunteer since|benevole depuis|متطوع منذ|تاريخ التطوع",
    ),
)
DONATION_FIELDS = (
    NAME,
    FIRST_NAME,
    LAST_NAME,
    *CONTACT_FIELDS[3:7],
    *IDENTITY_FIELDS,
    _f(
        "amount",
        N_("Amount"),
        "amount",
        "amount|montant|somme|valeur|don|المبلغ|مبلغ|القيمة|قيمة التبرع|مبلغ التبرع",
    ),
    _f("currency", N_("Currency"), "currency", "currency|devise|monnaie|العملة"),
    _f(
        "donated_on",
        N_("Date"),
        "date",
        "date|date du don|date don|date de paiement|donated on|التاريخ|تاريخ|تاريخ التبرع|"
        "تاريخ الاداء",
    ),
    _f(
        "method",
        N_("Method"),
        "method",
        "method|payment method|mode de paiement|mode|moyen de paiement|moyen|reglement|"
        "طريقة الاداء|طريقة الدفع|وسيلة الاداء|وسيلة الدفع",
    ),
    _f("campaign", N_("Campaign"), "text", "campaign|campagne|projet|fonds|الحملة|حملة|المشروع"),
    _f(
        "in_kind_description",
        N_("What was given"),
        "text",
        "what was given|nature du don|description du don|objet|ما تم التبرع به|نوع التبرع العيني",
    ),
    _f(
        "notes",
        N_("Notes"),
        "text",
        "notes|note|remarques|remarque|observations|commentaire|ملاحظات",
    ),
)
ACTIVITY_FIELDS = (
    _f(
        "title",
        N_("Title"),
        "text",
        "title|activity|intitule|titre|activite|nom de l activite|النشاط|اسم النشاط|عنوان النشاط",
    ),
    _f(
        "starts_at",
        N_("Date"),
        "date",
        "date|start|starts|date de debut|debut|le|التاريخ|تاريخ|تاريخ النشاط|تاريخ البداية",
    ),
    _f("place", N_("Place"), "text", "place|location|lieu|endroit|المكان|مكان"),
    _f("type", N_("Type"), "activity_type", "type|type d activite|نوع|النوع|نوع النشاط"),
    _f(
        "beneficiaries_count",
        N_("Beneficiaries"),
        "count",
        "beneficiaries|beneficiaires|nombre de beneficiaires|nb beneficiaires|المستفيدين|"
        "المستفيدون|عدد المستفيدين",
    ),
    _f("cost", N_("Cost"), "amount", "cost|cout|budget|depenses|التكلفة|الكلفة|الميزانية"),
    _f(
        "description",
        N_("Description"),
        "text",
        "description|details|descriptif|الوصف|وصف|التفاصيل",
    ),
)

KIND_FIELDS: dict[ImportKind, tuple[Field, ...]] = {
    ImportKind.CONTACTS: CONTACT_FIELDS + MEMBERSHIP_FIELDS + VOLUNTEER_FIELDS,
    ImportKind.MEMBERS: CONTACT_FIELDS + MEMBERSHIP_FIELDS,
    ImportKind.VOLUNTEERS: CONTACT_FIELDS + VOLUNTEER_FIELDS,
    ImportKind.DONATIONS: DONATION_FIELDS,
    ImportKind.ACTIVITIES: ACTIVITY_FIELDS,
}


def fields_of(kind: str) -> dict[str, Field]:
    """The fields of ``kind`` (an :class:`ImportKind` or its word) by key."""
    return {field.key: field for field in KIND_FIELDS[ImportKind(kind)]}


def _key(text: str) -> str:
    return normalize_for_search(text.replace("°", " ").replace("º", " "))


def _alias_index(kind: str) -> list[tuple[tuple[str, ...], str]]:
    index = []
    for field in KIND_FIELDS[ImportKind(kind)]:
        for alias in field.aliases.split("|"):
            index.append((tuple(_key(alias).split()), field.key))
    return index


def guess_from_header(header: str, kind: str) -> str | None:
    """The field whose spelling equals the header, else whose longest spelling it contains."""
    words = tuple(_key(header).split())
    if not words:
        return None
    best: tuple[int, str] | None = None
    for alias, key in _alias_index(kind):
        if alias == words:
            return key
        n = len(alias)
        contained = any(words[i : i + n] == alias for i in range(len(words) - n + 1))
        if contained and (best is None or n > best[0]):
            best = (n, key)
    return best[1] if best else None


def _share(cells: list[Any], check: Any) -> float:
    filled = [c for c in cells if c is not None and str(c).strip()]
    if not filled:
        return 0.0
    ok = 0
    for cell in filled:
        try:
            check(cell)
            ok += 1
        except ValueError:
            pass
    return ok / len(filled)


def _looks_like_email(cell: Any) -> None:
    if "@" not in str(cell) or " " in str(cell).strip():
        raise ValueError


def _looks_like_phone(cell: Any) -> None:
    text = str(cell)
    if isinstance(cell, str) and not any(ch in text for ch in "+ .-") and not text.startswith("0"):
        raise ValueError  # a bare number is more likely an amount or a count
    values.parse_phone(cell)


def guess_mapping(
    header: Sequence[str], sample: Sequence[Sequence[Any]], kind: str
) -> list[str | None]:
    """One field key (or None: not imported) per column."""
    mapping: list[str | None] = [guess_from_header(h, kind) for h in header]
    for i, key in enumerate(mapping):
        # "Bénévole" / "Membre" name a column of names, or of yes/no (an export's flags).
        if key in NAME_KEYS and sample:
            cells = [row[i] if i < len(row) else None for row in sample]
            if _share(cells, values.parse_yes_no) >= 0.8:
                mapping[i] = None
    _resolve_name_columns(mapping, header)
    seen: set[str] = set()
    for i, key in enumerate(mapping):  # a field filled by two columns: the first one wins
        if key is not None and key in seen:
            mapping[i] = None
        elif key is not None:
            seen.add(key)
    available = fields_of(kind)
    by_values = [
        ("email", _looks_like_email),
        ("phone", _looks_like_phone),
        ("donated_on", values.parse_date),
        ("starts_at", values.parse_date),
        ("amount", lambda c: values.parse_money(c, "MAD")),
    ]
    for i, key in enumerate(mapping):
        if key is not None:
            continue
        cells = [row[i] if i < len(row) else None for row in sample]
        for candidate, check in by_values:
            if candidate in available and candidate not in seen and _share(cells, check) >= 0.8:
                mapping[i] = candidate
                seen.add(candidate)
                break
    return mapping


def _resolve_name_columns(mapping: list[str | None], header: Sequence[str]) -> None:
    """ "Nom" alone is the full name; "Nom" + "Prénom" are two halves. Likewise "الاسم" beside
    "النسب" is the first name (Maghreb forms), and the full name otherwise."""
    keys = set(mapping)
    if "last_name" in keys and "first_name" not in keys:
        if "name" in keys:
            mapping[mapping.index("name")] = "first_name"
        else:
            mapping[mapping.index("last_name")] = "name"


# --- remembered mappings ---------------------------------------------------------------------


def layout_key(header: Sequence[str], kind: str) -> str:
    normalized = "\x1f".join(_key(h) for h in header)
    return hashlib.sha256(f"{kind}\x1e{normalized}".encode()).hexdigest()


def remembered(session: Session, header: Sequence[str], kind: str) -> list[str | None] | None:
    """The mapping chosen last time for a file with this header and kind, if any."""
    row = session.scalar(
        select(ImportMapping).where(ImportMapping.layout_key == layout_key(header, kind))
    )
    if row is None:
        return None
    fields = json.loads(row.mapping).get("fields", [])
    known = fields_of(kind)
    if len(fields) != len(header):
        return None
    return [key if key in known else None for key in fields]


def remember(
    session: Session, header: Sequence[str], kind: str, mapping: Sequence[str | None]
) -> None:
    key = layout_key(header, kind)
    row = session.scalar(select(ImportMapping).where(ImportMapping.layout_key == key))
    if row is None:
        row = ImportMapping(layout_key=key, kind=kind)
        session.add(row)
    row.mapping = json.dumps({"headers": list(header), "fields": list(mapping)}, ensure_ascii=False)


def initial_mapping(
    session: Session, header: Sequence[str], sample: Sequence[Sequence[Any]], kind: str
) -> list[str | None]:
    return remembered(session, header, kind) or guess_mapping(header, sample, kind)
