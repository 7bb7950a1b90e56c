"""Files in and out: spreadsheet export (and later import), backup and restore bundles.

Each module imports its heavy libraries (openpyxl) inside the functions that need them, so
importing this package costs nothing at start-up.
"""
