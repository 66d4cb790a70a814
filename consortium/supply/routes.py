"""Every page of the supply blueprint, imported so that its routes register; the app registers `bp`."""
from . import views, views_events, views_reports  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
