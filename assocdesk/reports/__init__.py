"""Donor documents drawn with ReportLab: receipts, yearly statements, register, summaries.

ReportLab alone draws Arabic unjoined and left to right: every text goes through
assocdesk.reports.bidi_text (shape, wrap, then reorder each line) before it is drawn.
ReportLab is imported inside these modules only, never at application start-up.
"""
