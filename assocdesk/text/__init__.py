"""Text helpers shared by the core: Arabic-aware search keys and safe cleaning of typed input."""

from assocdesk.text.clean import clean_multiline, clean_single_line
from assocdesk.text.normalize import digits_only, normalize_for_search

__all__ = ["clean_multiline", "clean_single_line", "digits_only", "normalize_for_search"]
