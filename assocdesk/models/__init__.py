"""The ORM classes, one module per aggregate; importing this package registers all tables.

The modules do without ``from __future__ import annotations``: SQLAlchemy would otherwise
evaluate every ``Mapped[...]`` string again at declaration, a quarter of the ~0.1 s the 23
classes take at every start. A class named before it is declared is quoted (``"ActivityRole"``).
"""

from assocdesk.models.activity import (
    Activity,
    ActivityBeneficiaryGroup,
    ActivityRole,
    ActivityStatus,
    ActivityType,
    BeneficiaryGroup,
    VolunteerAssignment,
)
from assocdesk.models.association import AssociationProfile
from assocdesk.models.audit import AuditEvent
from assocdesk.models.base import Base
from assocdesk.models.campaign import Campaign
from assocdesk.models.contact import Contact, ContactKind
from assocdesk.models.donation import Donation, DonationMethod, DonationStatus, ReceiptCounter
from assocdesk.models.imports import ImportMapping, NotDuplicatePair
from assocdesk.models.membership import (
    DuesFee,
    DuesPayment,
    DuesPaymentStatus,
    DuesReceiptCounter,
    Membership,
)
from assocdesk.models.photo import ActivityPhoto
from assocdesk.models.post import PostRecord, PostTemplate
from assocdesk.models.receipt_chain import ReceiptChainLink
from assocdesk.models.stored_file import StoredFile
from assocdesk.models.volunteer import Skill, VolunteerProfile, volunteer_skills

__all__ = [
    "Activity",
    "ActivityBeneficiaryGroup",
    "ActivityPhoto",
    "ActivityRole",
    "ActivityStatus",
    "ActivityType",
    "AssociationProfile",
    "AuditEvent",
    "Base",
    "BeneficiaryGroup",
    "Campaign",
    "Contact",
    "ContactKind",
    "Donation",
    "DonationMethod",
    "DonationStatus",
    "DuesFee",
    "DuesPayment",
    "DuesPaymentStatus",
    "DuesReceiptCounter",
    "ImportMapping",
    "Membership",
    "NotDuplicatePair",
    "PostRecord",
    "PostTemplate",
    "ReceiptChainLink",
    "ReceiptCounter",
    "Skill",
    "StoredFile",
    "VolunteerAssignment",
    "VolunteerProfile",
    "volunteer_skills",
]
