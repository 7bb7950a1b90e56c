"""AssocDesk core: models, services, documents and tools.

Never imports Qt (tests/core/test_layering.py checks it).
"""

__version__ = "0.1.0"
