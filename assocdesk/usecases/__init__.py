"""Use cases: what a person asks of AssocDesk, composed once, for the window and the command line.

A service (:mod:`assocdesk.services`) is one command on the records: it validates, writes, and
knows nothing of documents, files or printers. Some things a person asks are more than one
command: issuing a receipt counts a print, renders the document as that count makes it, and
delivers it, all in one unit of work; restoring a backup verifies it, then installs it; erasing a
person anonymizes them, then cleans the file's free space. These compositions used to be written
again by each caller (the Donations page, the dues documents, the command line), and each copy
could drift: a copy that delivered after the commit would count a receipt that never left.

Here each is written once, as plain functions over plain values:

- Those that work inside one unit of work take the caller's ``Session`` (as the services do), so
  the caller keeps the transaction: ``with database.transaction() as session`` in the command
  line, the window's runner in the app (which also reports what changed). A failure anywhere
  inside rolls the whole unit back.
- Those that work on the database file (restore) or span two units of work (erase, then clean)
  take paths or the :class:`~assocdesk.storage.engine.Database`, and say where they may be
  split (verify in the background, ask the person, then install).

Why a package of its own, and not functions in ``services``: a use case imports the documents
(:mod:`assocdesk.reports`) and the storage's backups, which the services must not (the layers
are: ui and cli, above use cases, above documents, posts and spreadsheets, above services, above
models, above storage). Nothing here imports Qt; errors are :class:`~assocdesk.errors.UserError`
and :class:`~assocdesk.errors.Cancelled`, progress is :data:`~assocdesk.progress.Progress`.
"""
