"""The PySide6 application. Imports assocdesk; assocdesk never imports this package."""
