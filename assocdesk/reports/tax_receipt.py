"""France's reçu fiscal: the receipt that gives a donor the tax reduction of the CGI.

Used instead of the ordinary receipt when the association issues reçus fiscaux (Settings,
``AssociationProfile.tax_receipts``), for a gift in euros from a named donor (:func:`refusal`
says why another gift gets the ordinary receipt). It reproduces every field of the official
models, in their order: Cerfa 11580*05 for a person (article 200 of the CGI), Cerfa 16216*03
for a company (a contact of kind organization; article 238 bis). The administration accepts a
receipt printed by software when it carries all the model's mentions; the boxes that do not
apply may be left unticked.

It is always in French, whatever the donor's language: its wording is the model's, fixed by
the administration, and it is read by a French tax office. That is why the labels are written
here and not taken from the UI catalog (a translated Cerfa is not the Cerfa).

The amount is printed between asterisks and in words; the date of the gift in long form; the
signer's name and title (qualité) under "Date et signature", beside the stamp box.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from assocdesk.i18n import N_
from assocdesk.models import ContactKind, DonationMethod, DonationStatus
from assocdesk.reports.bidi_text import keep_ltr
from assocdesk.reports.cerfa_form import DOTS, CheckList, field, fields, section
from assocdesk.reports.layout import ACCENT, MUTED, VOID_RED, Setup, build, gap
from assocdesk.reports.signature import signature_block
from assocdesk.services import association, donations
from assocdesk.text.amount_words import amount_in_words
from assocdesk.text.locales import format_long_date_legal
from assocdesk.text.money import from_minor

INDIVIDUAL_FORM, COMPANY_FORM = "11580*05", "16216*03"

# Why a gift of an association issuing reçus fiscaux gets the ordinary receipt (translated by
# the receipt, in the donor's language).
NOT_EUROS = N_(
    "Not a tax receipt (reçu fiscal): only gifts in euros give the French tax reduction."
)
ANONYMOUS = N_("Not a tax receipt (reçu fiscal): an anonymous gift names no donor.")

# The beneficiary's categories of the models, and which legal status ticks each one.
CATEGORIES: tuple[tuple[str, str], ...] = (
    (
        "public_utility",
        "Association ou fondation reconnue d'utilité publique par décret en date du {decree} "
        "publié au Journal officiel du {journal}",
    ),
    (
        "university",
        "Fondation universitaire ou fondation partenariale mentionnées respectivement aux "
        "articles L. 719-12 et L. 719-13 du code de l'éducation",
    ),
    ("company_foundation", "Fondation d'entreprise"),
    ("general_interest", "Œuvre ou organisme d'intérêt général"),
    ("museum", "Musée de France"),
    (
        "teaching",
        "Établissement d'enseignement supérieur ou d'enseignement artistique public ou privé, "
        "d'intérêt général, à but non lucratif",
    ),
    (
        "worship",
        "Association cultuelle ou de bienfaisance et établissement public des cultes reconnus "
        "d'Alsace-Moselle",
    ),
    (
        "aid",
        "Association fournissant gratuitement une aide alimentaire ou des soins médicaux à des "
        "personnes en difficulté ou favorisant leur logement",
    ),
    (
        "research",
        "Établissement de recherche public ou privé, d'intérêt général, à but non lucratif",
    ),
    ("other", "Autre organisme : {other}"),
)
GIFT_FORMS = (
    ("notarial", "Acte authentique"),
    ("private_deed", "Acte sous seing privé"),
    ("manual", "Déclaration de don manuel"),
    ("other", "Autres"),
)
PAYMENT_MODES = (
    ("cash", "Remise d'espèces"),
    ("cheque", "Chèque"),
    ("transfer", "Virement, prélèvement, carte bancaire"),
)
# The legal forms a company's name may start with ("SARL Boulangerie Martin").
LEGAL_FORMS = ("SASU", "SAS", "SARL", "EURL", "SA", "SCI", "SNC", "SCOP", "SEM", "GIE", "EI")
_DATE = re.compile(
    r"\b\d{1,2}(?:er)?\s+[a-zéûôèà]+\.?\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{4}\b", re.IGNORECASE
)
_POSTCODE = re.compile(r"^\s*(\d{5})\s+(.+)$")


def refusal(session: Session, donation_id: int) -> str | None:
    """Why this gift cannot have a reçu fiscal (a message to translate), or None."""
    donation = donations.get(session, donation_id)
    if donation.currency != "EUR":
        return NOT_EUROS
    if donation.contact is None:
        return ANONYMOUS
    return None


@dataclass(frozen=True)
class TaxReceiptFacts:
    """What a reçu fiscal states, read once."""

    number: str
    company: bool
    donor_name: str
    donor_kind_fields: tuple[tuple[str, str], ...]  # ("Nom", …) or ("Dénomination sociale", …)
    donor_street: str
    donor_postcode: str
    donor_town: str
    amount_minor: int
    donated_on: date
    issued_on: date
    gift_form: str
    in_kind: bool
    in_kind_description: str
    valued_by: str
    method: str
    void_reason: str | None


def _split_town(lines: Sequence[str], city: str) -> tuple[str, str, str]:
    """(street, postcode, town) from address lines and a city ("75011 Paris" either place)."""
    street_lines = [line.strip() for line in lines if line.strip()]
    match = _POSTCODE.match(city or "")
    if match:
        return ", ".join(street_lines), match.group(1), match.group(2)
    if street_lines and (match := _POSTCODE.match(street_lines[-1])):
        return ", ".join(street_lines[:-1]), match.group(1), city or match.group(2)
    return ", ".join(street_lines), "", city or ""


def person_names(name: str) -> tuple[str, str]:
    """(nom, prénoms): the words in capitals are the family name ("Claire DUBOIS"); otherwise
    the last word."""
    words = name.split()
    capitals = [w for w in words if w.isupper() and len(w) > 1]
    if capitals:
        return " ".join(capitals), " ".join(w for w in words if w not in capitals)
    if len(words) < 2:
        return name, ""
    return words[-1], " ".join(words[:-1])


def _company_fields(name: str, id_kind: str, id_number: str) -> tuple[tuple[str, str], ...]:
    first = name.split(" ", 1)[0].upper().strip(".")
    form = first if first in LEGAL_FORMS else DOTS
    siren = keep_ltr(id_number) if id_kind == "SIREN" and id_number else DOTS
    return (
        ("Dénomination sociale", name),
        ("Forme juridique", form),
        ("N° SIREN", siren),
    )


def read_facts(session: Session, donation_id: int) -> TaxReceiptFacts:
    donation = donations.get(session, donation_id)
    contact = donation.contact
    assert contact is not None, "refusal() is asked first"
    company = contact.kind == ContactKind.ORGANIZATION
    if company:
        kind_fields = _company_fields(contact.name, contact.id_kind, contact.id_number)
    else:
        family, given = person_names(contact.name)
        kind_fields = (("Nom", family), ("Prénoms", given or DOTS))
    street, postcode, town = _split_town(contact.address.split("\n"), contact.city)
    issued = donation.receipt_issued_at.date() if donation.receipt_issued_at else date.today()
    return TaxReceiptFacts(
        number=donation.receipt_number,
        company=company,
        donor_name=contact.name,
        donor_kind_fields=kind_fields,
        donor_street=street,
        donor_postcode=postcode,
        donor_town=town,
        amount_minor=donation.amount_minor,
        donated_on=donation.donated_on,
        issued_on=issued,
        gift_form=donation.gift_form,
        in_kind=donation.method == DonationMethod.IN_KIND,
        in_kind_description=donation.in_kind_description,
        valued_by=donation.valued_by,
        method=donation.method,
        void_reason=donation.void_reason if donation.status == DonationStatus.VOID else None,
    )


def render_tax_receipt(
    session: Session, donation_id: int, *, language: str | None = None, duplicate: bool = False
) -> bytes:
    """The reçu fiscal of one gift in euros as PDF bytes (always in French: see the module).

    ``language`` is accepted for the receipt's signature and ignored."""
    del language
    profile = association.get(session)
    facts = read_facts(session, donation_id)
    setup = Setup.for_language("fr", profile, "A4")
    return tax_receipt_pdf(setup, facts, profile, duplicate=duplicate)


def beneficiary_category(status: str, detail: str, label: str) -> list[tuple[str, bool]]:
    """The model's categories with the association's ticked (its legal status)."""
    dates = _DATE.findall(detail or "")
    decree = dates[0] if dates else DOTS
    journal = dates[1] if len(dates) > 1 else DOTS
    ticked = status if status in ("public_utility", "general_interest") else "other"
    options = []
    for code, text in CATEGORIES:
        shown = text.format(
            decree=decree, journal=journal, other=label if ticked == "other" else DOTS
        )
        options.append((shown, code == ticked))
    return options


def tax_receipt_pdf(
    setup: Setup, facts: TaxReceiptFacts, profile: object, *, duplicate: bool
) -> bytes:
    from assocdesk.services.association import LEGAL_STATUSES

    head = setup.letterhead
    status = getattr(profile, "legal_status", "") or ""
    detail = getattr(profile, "legal_status_detail", "") or ""
    identifiers = [
        line.strip()
        for line in (getattr(profile, "tax_identifiers", "") or "").split("\n")
        if line.strip()
    ]
    siren_rna = [line for line in identifiers if re.match(r"(SIREN|SIRET|RNA)\b", line, re.I)]
    form = COMPANY_FORM if facts.company else INDIVIDUAL_FORM
    title = (
        "Reçu des dons et versements effectués par les entreprises au titre de l'article "
        "238 bis du code général des impôts"
        if facts.company
        else "Reçu au titre des dons à certains organismes d'intérêt général"
    )
    article = (
        "Articles 200, 238 bis et 978 du code général des impôts"
        if not facts.company
        else "Article 238 bis du code général des impôts"
    )
    story: list[Flowable] = [
        setup.text(f"Cerfa N° {keep_ltr(form)}", 9, bold=True, align="end", space_after=0),
        *setup.heading(),
        setup.text(title, 12.5, bold=True, align="center", color=ACCENT, space_after=1),
        setup.text(article, 9, align="center", color=MUTED, space_after=2),
        setup.text(
            f"Numéro d'ordre du reçu : {keep_ltr(facts.number)}", 11, bold=True, align="center"
        ),
    ]
    if duplicate:
        story.append(setup.text("— Duplicata —", 11, bold=True, align="center", color=VOID_RED))
    street, postcode, town = _split_town(profile.address.split("\n") if profile else [], head.city)  # type: ignore[attr-defined]
    label = setup.t(LEGAL_STATUSES.get(status, "")) if status else detail
    story.append(
        section(
            setup,
            "Bénéficiaire des versements",
            [
                field(setup, "Nom ou dénomination", head.name),
                field(setup, "SIREN ou RNA", " · ".join(keep_ltr(s) for s in siren_rna)),
                field(setup, "Adresse (n°, rue)", street),
                fields(setup, [("Code postal", keep_ltr(postcode)), ("Commune", town)]),
                field(setup, "Objet", getattr(profile, "purpose", "") or ""),
                CheckList(setup, beneficiary_category(status, detail, label), stacked=True),
            ],
        )
    )
    donor_fields = [
        fields(setup, facts.donor_kind_fields),
        field(setup, "Adresse (n°, rue)", facts.donor_street),
        fields(
            setup,
            [("Code postal", keep_ltr(facts.donor_postcode)), ("Commune", facts.donor_town)],
        ),
    ]
    story.append(section(setup, "Donateur", donor_fields))
    story.append(section(setup, "Don", _gift_items(setup, facts)))
    if facts.void_reason is not None:
        story.append(
            setup.text(f"ANNULÉ — motif : {facts.void_reason}", 11, bold=True, color=VOID_RED)
        )
    signer = setup.signer("treasurer")
    story.append(
        section(
            setup,
            "Date et signature",
            [
                signature_block(
                    setup,
                    facts.issued_on,
                    lambda language: f"{signer(language)} (qualité du signataire)",
                    head.treasurer,
                    place=town or None,
                    space_before=0,
                )
            ],
        )
    )
    return build(
        setup,
        story,
        title=f"Reçu fiscal {facts.number}",
        footer=f"{head.name} — Cerfa {form} — {keep_ltr(facts.number)}",
        void_mark="ANNULÉ" if facts.void_reason is not None else "",
    )


def _gift_items(setup: Setup, facts: TaxReceiptFacts) -> list[Flowable]:
    amount = format_decimal(from_minor(facts.amount_minor, "EUR"), "#,##0.00", locale="fr_FR")
    words = amount_in_words(facts.amount_minor, "EUR", "fr")
    items: list[Flowable] = [
        setup.text(
            "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit "
            f"à réduction d'impôt, la somme de : ***{amount}*** euros",
            10,
            bold=True,
            space_after=2,
        ),
        field(setup, "Somme en toutes lettres", words[:1].upper() + words[1:]),
        field(
            setup,
            "Date du versement ou du don",
            format_long_date_legal(facts.donated_on, "fr_FR"),
        ),
        setup.text(
            "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit "
            "ouvrent droit à la réduction d'impôt prévue à l'article :",
            9.5,
            space_after=1,
        ),
        CheckList(
            setup,
            [
                ("200 du CGI", not facts.company),
                ("238 bis du CGI", facts.company),
                ("978 du CGI", False),
            ],
        ),
        setup.text("Forme du don :", 9.5, bold=True, space_after=1),
        CheckList(setup, [(text, facts.gift_form == code) for code, text in GIFT_FORMS]),
        setup.text("Nature du don :", 9.5, bold=True, space_after=1),
        CheckList(
            setup,
            [
                ("Numéraire", not facts.in_kind),
                ("Titres de sociétés cotés", False),
                ("Autres", facts.in_kind),
            ],
        ),
    ]
    if facts.in_kind:
        description = facts.in_kind_description
        if facts.company:
            valuation = facts.valued_by or DOTS
            items.append(
                field(
                    setup,
                    "Dons en nature : description, valorisation (méthode)",
                    f"{description} — {amount} euros — {valuation}",
                )
            )
        else:
            items.append(field(setup, "Autres : description", description))
            if facts.valued_by:
                items.append(field(setup, "Valorisation", facts.valued_by))
    items.append(
        setup.text(
            "En cas de don en numéraire, mode de versement du don :", 9.5, bold=True, space_after=1
        )
    )
    mode = {"mobile_money": "transfer"}.get(facts.method, facts.method)
    items.append(
        CheckList(
            setup, [(text, not facts.in_kind and mode == code) for code, text in PAYMENT_MODES]
        )
    )
    items.append(gap(1))
    return items
