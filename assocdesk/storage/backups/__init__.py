"""The safety of the database file: backup bundles, automatic copies in rotation, restoring
(verify, then install) and the check of a file.

Each module is imported by name; this package loads nothing by itself.
"""
