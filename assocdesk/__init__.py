"""AssocDesk core: models, services, documents and tools.

Never imports Qt (tests/core/test_layering.py checks it).
"""

# The one place the version is written: pyproject.toml reads it (dynamic version), so the
# installed package's metadata, the bundle, the backups' manifests and the window all agree.
__version__ = "0.1.0"


def version() -> str:
    """The version the About box and the title name.

    It is the package's own ``__version__`` and not the installed metadata, which it always
    equals (pyproject's version is read from it): reading the metadata costs ~15 ms at start.
    """
    return __version__
