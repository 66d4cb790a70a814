"""The JSON API under /api/v1/: bearer tokens, the same services and permissions as the pages."""
from . import core, jobs, members, records, teachers, training  # noqa: F401  (routes register on import)
from .blueprint import bp  # noqa: F401
