"""Printing in tests: a PDF file stands for the printer (the pages drawn: conftest's
``painted``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter


def pdf_printer(preview, path: Path) -> QPrinter:  # type: ignore[no-untyped-def]
    """The print dialog of ``preview``, accepted, printing to the PDF file ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    preview.prepare_printer(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
