"""New / edit a contact: the Contacts page's form (defined with the contact fields, whose
duplicate hint opens it, so the two modules do not import each other)."""

from __future__ import annotations

from ui.dialogs.contact_fields import ContactDialog

__all__ = ["ContactDialog"]
