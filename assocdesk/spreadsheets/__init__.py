"""Spreadsheets in and out: reading a CSV or XLSX file, mapping its columns, planning and writing
an import, and exporting lists.

A floor above the services (it writes through them) and beside the documents (see
``[tool.importlinter]`` in pyproject.toml). Each module imports its heavy libraries (openpyxl)
inside the functions that need them, so importing this package costs nothing at start-up.
"""
