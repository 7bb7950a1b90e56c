"""AssocDesk core: models, services, documents and tools.

Never imports Qt (tests/core/test_layering.py checks it).
"""

__version__ = "0.1.0"


def version() -> str:
    """The version that is installed (pip, pipx, the bundle), which the About box must name.

    The package metadata is what an upgrade changes; a frozen bundle or a bare source tree may
    carry none, and then the source's own ``__version__`` speaks.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("assocdesk")
    except PackageNotFoundError:
        return __version__
