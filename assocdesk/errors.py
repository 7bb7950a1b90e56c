"""The two kinds of "it did not happen" every layer shares: a person can fix it, or asked for it.

They live here, at the bottom of the core (this module imports nothing of ours), because every
floor raises them: the storage (a backup that cannot be verified), the spreadsheets (a file that
cannot be read), the services (a value to correct), the use cases and the command line. A
caller above then needs one ``except`` for each kind, not a list to keep in step:

- :class:`UserError`: what the person can fix, with a message written for them (translated,
  says what to do) and, when it is about one input, the ``field`` to show it beside. The window
  shows the message; the command line prints it. Anything else that escapes is a bug: logged.
- :class:`Cancelled`: a progress callback (:data:`assocdesk.progress.Progress`) answered False,
  or a prompt was dismissed; the work stopped and left nothing behind. Not a failure: nothing
  is shown as an error.

Subclasses keep their names where the name carries meaning for a caller (``BackupPasswordError``
asks for a password, ``ReceiptNeedsCorrection`` offers the correction); a caller that does not
care catches the base.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the person can fix. ``message`` is theirs to read; ``field`` ("" when none)
    names the input it is about, so a form shows it beside that input."""

    def __init__(self, message: str = "", *, field: str = "") -> None:
        if message:
            super().__init__(message)
        else:
            super().__init__()
        self.message = message
        self.field = field


class Cancelled(Exception):
    """The person stopped the work (Cancel, or a prompt dismissed); nothing was left behind.

    The message, when there is one, says what was (not) kept, for a status line.
    """
