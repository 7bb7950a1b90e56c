"""Errors a person can fix (shown beside the field) as opposed to bugs (logged)."""

from __future__ import annotations


class ValidationError(Exception):
    """Input a person can correct. ``errors`` maps field name → translated message.

    ``field`` and ``message`` are the first error, for callers that show only one.
    """

    def __init__(self, field: str, message: str, errors: dict[str, str] | None = None) -> None:
        self.errors = dict(errors) if errors else {field: message}
        self.field, self.message = next(iter(self.errors.items()))
        super().__init__(f"{self.field}: {self.message}")


class NotFound(LookupError):
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
