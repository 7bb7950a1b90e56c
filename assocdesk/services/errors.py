"""Errors a person can fix (shown beside the field) as opposed to bugs (logged).

The bases, :class:`~assocdesk.errors.UserError` and :class:`~assocdesk.errors.Cancelled`, live
in :mod:`assocdesk.errors` (the storage raises them too); they are re-exported here for the
services' callers.
"""

from __future__ import annotations

from assocdesk.errors import Cancelled, UserError

__all__ = [
    "Cancelled",
    "EditConflict",
    "Errors",
    "NotFound",
    "ReceiptNeedsCorrection",
    "UserError",
    "ValidationError",
]


class EditConflict(UserError):
    """The record changed since the form was opened (services.conflicts says who changed what);
    ``version`` is the one a form sends to save over it knowingly (0: unknown, the ORM's own
    refusal). A form that edits several records (a member: the person and the membership)
    finds each one's in ``versions``, by table name (services.versions.check_all)."""

    def __init__(
        self,
        message: str,
        version: int,
        changes: list | None = None,
        actors: tuple[str, ...] = (),
        versions: dict[str, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.version = version
        self.changes = changes or []
        self.actors = actors
        self.versions = dict(versions or {})


class ValidationError(UserError):
    """Input a person can correct. ``errors`` maps field name → translated message.

    ``field`` and ``message`` are the first error, for callers that show only one.
    """

    def __init__(self, field: str, message: str, errors: dict[str, str] | None = None) -> None:
        self.errors = dict(errors) if errors else {field: message}
        first_field, first_message = next(iter(self.errors.items()))
        super().__init__(first_message, field=first_field)
        self.args = (f"{self.field}: {self.message}",)


class ReceiptNeedsCorrection(ValidationError):
    """A change the record's receipt forbids: a value the issued receipt states (amount, donor
    or member, date), or a date in another year than the receipt number's. The record cannot be
    changed in place; it can be corrected (the receipt voided with a reason, the corrected
    record saved under a new number), which a form offers when it catches this class."""

    def __init__(self, fields: list[str], message: str, *, number: str) -> None:
        super().__init__(fields[0], message, dict.fromkeys(fields, message))
        self.number = number


class NotFound(UserError, LookupError):
    """A record id that does not exist (or no longer does)."""


class Errors:
    """Collects every problem of a form so the person sees them all at once, not one per try."""

    def __init__(self) -> None:
        self._errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self._errors.setdefault(field, message)

    def __contains__(self, field: str) -> bool:
        return field in self._errors

    @property
    def messages(self) -> dict[str, str]:
        """Field → message, for callers that report problems rather than raise (the import)."""
        return dict(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            first_field, first_message = next(iter(self._errors.items()))
            raise ValidationError(first_field, first_message, self._errors)
