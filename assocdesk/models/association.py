"""The association's own profile: one row, read by documents, posts and the app's defaults."""

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assocdesk.models.base import Base, RecordMixin


class AssociationProfile(RecordMixin, Base):
    __tablename__ = "association_profile"

    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    registration_number: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    logo_path: Mapped[str] = mapped_column(Text, default="")
    default_currency: Mapped[str] = mapped_column(String(3), default="MAD")
    default_language: Mapped[str] = mapped_column(String(5), default="ar")
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=1)
    receipt_prefix: Mapped[str] = mapped_column(String(12), default="R")
    hashtags: Mapped[str] = mapped_column(Text, default="")
    # Documents: paper size of receipts ("A4" or "A5"), an optional font file that replaces the
    # built-in one, and the treasurer who signs receipts.
    receipt_paper: Mapped[str] = mapped_column(String(2), default="A4", server_default="A4")
    document_font: Mapped[str] = mapped_column(Text, default="", server_default="")
    treasurer_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The president, who signs volunteering certificates.
    president_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The signers' gender ("female", "male" or None): «الرئيسة», "La présidente", «أمينة المال».
    president_gender: Mapped[str | None] = mapped_column(String(6), default=None)
    treasurer_gender: Mapped[str | None] = mapped_column(String(6), default=None)
    # What a tax office asks a receipt to state, set once: the legal status (a code, see
    # services.association.LEGAL_STATUSES) and its particulars (decree, licence or registration
    # number and date), the tax identifiers as written ("ICE 001234567000089", one per line), and
    # the association's object (France's reçu fiscal states it).
    legal_status: Mapped[str] = mapped_column(String(30), default="", server_default="")
    legal_status_detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    tax_identifiers: Mapped[str] = mapped_column(Text, default="", server_default="")
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    # France: receipts are reçus fiscaux (Cerfa 11580*05, 16216*03 for companies).
    tax_receipts: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # "latin" or "arabic-indic": the digits of Arabic documents (Egypt and the Gulf write ٠١٢٣).
    arabic_digits: Mapped[str] = mapped_column(String(12), default="latin", server_default="latin")

    def name_in(self, language: str) -> str:
        """The name in ``language``, falling back to any name the association has."""
        names = {"ar": self.name_ar, "fr": self.name_fr, "en": self.name_en}
        return names.get(language) or self.name_ar or self.name_fr or self.name_en
